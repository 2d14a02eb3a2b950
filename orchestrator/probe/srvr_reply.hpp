// Parser for the reply to `srvr`, Apache ZooKeeper 3.8's layout:
//   Zookeeper version: 3.8.0-..., built on ...
//   Latency min/avg/max: 0/12.9402/393
//   Received: n / Sent: n / Connections: n / Outstanding: n
//   Zxid: 0x10009cd92
//   Mode: leader|follower|observer|standalone
//   Node count: n
//   [Proposal sizes last/min/max: a/b/c]   (leader only)
// "Zxid" and "Mode" are required; the other lines are read when present and must then be
// well formed. Unknown lines are ignored so that later servers may add some.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/probe/admin_reply.hpp"
#include "orchestrator/probe/server_mode.hpp"

namespace zkd {

struct Latency {
  int64_t min = 0;
  double avg = 0;
  int64_t max = 0;
};

struct SrvrReply {
  std::string version;  // after "Zookeeper version: "
  std::optional<Latency> latency;
  std::optional<int64_t> received, sent, connections, outstanding, node_count;
  uint64_t zxid = 0;
  ServerMode mode = ServerMode::unknown;
  std::string mode_text;  // as printed, for modes this parser does not know
};

Parsed<SrvrReply> parse_srvr(std::string_view reply);

}  // namespace zkd
