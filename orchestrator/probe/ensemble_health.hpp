// Health of one ensemble, judged from each member's ServerStatus (pure; no I/O).
//
// A member is healthy when, in this order: it answers, `ruok` says imok, it serves requests
// (srvr/mntr, not "not currently serving"), its mode fits its role (participant: leader or
// follower; observer: observer; the lone participant of a 1-server ensemble: standalone or
// leader), the participants agree on exactly one leader, and its zxid is at most
// `max_zxid_lag` behind the leader's. The first failed check is the node's reason.
//
// Sync: the leader's mntr gives counts, not names. The ensemble is fully synced when
// zk_synced_followers == participants - 1, zk_synced_observers == observers (when there are
// observers) and zk_pending_syncs is 0. A particular follower is therefore known to be
// counted as synced only when the count is whole: after restarting one follower of a fully
// synced ensemble, the count returning to participants - 1 is what proves that follower is
// back (see leader_counts_as_synced).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/probe/ensemble_member.hpp"
#include "orchestrator/probe/server_status.hpp"

namespace zkd {

struct HealthPolicy {
  uint64_t max_zxid_lag = 0;  // transactions a member may trail the leader by
};

struct MemberProbe {
  std::string host;
  int64_t myid = 0;
  MemberRole role = MemberRole::participant;
  ServerStatus status;
};

struct NodeHealth {
  std::string host;
  int64_t myid = 0;
  MemberRole role = MemberRole::participant;
  bool healthy = false;
  std::string reason;                // why not healthy; empty when healthy
  bool leader = false;               // the ensemble's single leader
  std::optional<uint64_t> zxid_lag;  // behind the leader's zxid; nullopt when unknown
};

struct SyncState {
  bool complete = false;
  std::string reason;  // why not complete; empty when complete
  std::optional<int64_t> synced_followers, synced_observers;
  int64_t expected_followers = 0;  // participants - 1
  int64_t expected_observers = 0;
};

struct EnsembleHealth {
  std::vector<NodeHealth> nodes;  // in input order
  std::optional<size_t> leader;   // index into nodes of the single leader
  std::string leader_problem;     // why there is no single leader; empty when there is
  size_t participants = 0;
  size_t quorum = 0;  // participants / 2 + 1
  size_t healthy_participants = 0;
  SyncState sync;

  bool all_healthy() const;
};

EnsembleHealth evaluate_health(const std::vector<MemberProbe>& members, const HealthPolicy& policy);

// Whether the leader counts member `myid` as synced, as far as the counts tell: the leader
// itself always; a follower or observer only while the whole count is complete.
bool leader_counts_as_synced(const EnsembleHealth& health, int64_t myid);

}  // namespace zkd
