// A consistent picture of one node for admin commands (srvr, mntr) and tests: its role,
// term, leader, log positions, and on the leader each peer's replication progress.
#pragma once

#include <string_view>
#include <vector>

#include "server/replication/progress.hpp"
#include "server/replication/types.hpp"

namespace zks::raft {

enum class Role { kFollower, kPreCandidate, kCandidate, kLeader };

std::string_view role_name(Role role);

struct PeerStatus {
  NodeId id = kNoNode;
  bool voter = false;
  Index match = 0;
  Index next = 0;
  ProgressState state = ProgressState::kProbe;
  bool recent_active = false;
  // See Config::synced_max_lag.
  bool synced = false;
};

struct Status {
  NodeId id = kNoNode;
  Role role = Role::kFollower;
  bool learner = false;  // a follower that may not vote (ZooKeeper observer)
  Term term = 0;
  NodeId leader = kNoNode;
  NodeId transferee = kNoNode;  // leadership transfer under way to this node
  Index commit = 0;
  Index applied = 0;
  Index persisted = 0;
  Index last_index = 0;
  Index snapshot_index = 0;
  ConfState conf;
  std::vector<PeerStatus> peers;  // leader only, excluding itself

  // "leader", "follower", "candidate", "pre-candidate" or "learner".
  std::string_view role_label() const { return learner ? "learner" : role_name(role); }
  // Voting followers that are synced (ZooKeeper's zk_synced_followers).
  std::size_t synced_followers() const;
};

}  // namespace zks::raft
