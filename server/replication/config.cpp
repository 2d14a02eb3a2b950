#include "server/replication/config.hpp"

namespace zks::raft {

std::string validate_config(const Config& config) {
  if (config.id == kNoNode) return "id must be non-zero";
  if (config.heartbeat_tick <= 0) return "heartbeat_tick must be positive";
  if (config.election_tick <= config.heartbeat_tick)
    return "election_tick must be greater than heartbeat_tick";
  if (config.max_inflight <= 0) return "max_inflight must be positive";
  if (config.max_message_bytes == 0) return "max_message_bytes must be positive";
  return {};
}

}  // namespace zks::raft
