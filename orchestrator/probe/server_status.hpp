// What the admin words tell about one server, assembled from the raw replies that a gather
// step collected (ProbeReplies) into a typed ServerStatus. Pure: no I/O here; the caller
// sends the words (over SSH or a socket) and passes whatever came back.
//
// `imok` alone proves nothing (Apache ZooKeeper answers imok without a quorum): `serving`
// and `mode` come from srvr (or mntr if srvr is unusable); the leader's sync counters come
// from mntr. Every reply that could not be used leaves a line in `problems`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/probe/ensemble_member.hpp"
#include "orchestrator/probe/server_mode.hpp"
#include "orchestrator/probe/srvr_reply.hpp"

namespace zkd {

// Raw replies, one per word; nullopt when the word was not sent or the connection failed.
struct ProbeReplies {
  std::string connect_error;  // why the client port could not be reached; empty if it could
  std::optional<std::string> ruok, srvr, mntr, conf, isro;
};

struct ServerStatus {
  bool answered = false;  // at least one word got a non-empty reply
  bool imok = false;      // ruok answered "imok"
  bool serving = false;   // srvr or mntr gave the server's own output (it has a quorum)
  ServerMode mode = ServerMode::unknown;
  std::string mode_text;  // as printed
  std::optional<uint64_t> zxid;
  std::string version;
  std::optional<int64_t> connections, outstanding, node_count;
  std::optional<Latency> latency;
  std::optional<bool> read_only;  // isro
  std::optional<int64_t> quorum_size;
  // From the leader's mntr (absent on other servers and when mntr is unusable).
  std::optional<int64_t> learners, followers, synced_followers, synced_non_voting_followers,
      synced_observers, pending_syncs;
  std::vector<EnsembleMember> members;  // conf's membership; empty when unknown
  std::vector<std::string> problems;    // unusable replies and connection errors, by word
};

ServerStatus status_from_replies(const ProbeReplies& replies);

}  // namespace zkd
