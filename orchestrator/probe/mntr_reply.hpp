// Parser for the reply to `mntr`: one `key<TAB>value` per line, in no particular order, a key
// set that grows while the server runs (~600 keys on Apache ZooKeeper 3.8). Every key is kept
// in `all`; the ones health checks use are typed. Unknown keys are fine; a line without a
// tab, a repeated key, or a non-numeric value for a typed numeric key makes the reply
// malformed (naming the line), because a half-understood mntr must not look healthy.
//
// Leader-only keys (absent on followers and standalone servers): zk_learners,
// zk_synced_followers, zk_synced_non_voting_followers, zk_synced_observers,
// zk_pending_syncs. zk_followers is read when present (older servers; 3.8 has none).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/probe/admin_reply.hpp"
#include "orchestrator/probe/server_mode.hpp"

namespace zkd {

struct MntrReply {
  std::string version;       // zk_version
  std::string server_state;  // zk_server_state as printed
  ServerMode mode = ServerMode::unknown;
  std::string peer_state;  // zk_peer_state, e.g. "leading - broadcast"
  std::optional<int64_t> znode_count, alive_connections, outstanding_requests, quorum_size;
  std::optional<double> avg_latency;
  std::optional<int64_t> min_latency, max_latency;
  // leader only
  std::optional<int64_t> learners, followers, synced_followers, synced_non_voting_followers,
      synced_observers, pending_syncs;
  std::map<std::string, std::string, std::less<>> all;  // every key, known or not
};

Parsed<MntrReply> parse_mntr(std::string_view reply);

}  // namespace zkd
