#include "server/replication/types.hpp"

#include <cstdio>
#include <cstdlib>

#include "server/replication/invariant.hpp"

namespace zks::raft {

std::string_view message_type_name(MessageType type) {
  switch (type) {
    case MessageType::kAppend:
      return "Append";
    case MessageType::kAppendResp:
      return "AppendResp";
    case MessageType::kVote:
      return "Vote";
    case MessageType::kVoteResp:
      return "VoteResp";
    case MessageType::kPreVote:
      return "PreVote";
    case MessageType::kPreVoteResp:
      return "PreVoteResp";
    case MessageType::kHeartbeat:
      return "Heartbeat";
    case MessageType::kHeartbeatResp:
      return "HeartbeatResp";
    case MessageType::kSnapshot:
      return "Snapshot";
    case MessageType::kTimeoutNow:
      return "TimeoutNow";
  }
  return "Unknown";
}

void invariant_broken(const char* what) {
  std::fprintf(stderr, "raft invariant broken: %s\n", what);
  std::abort();
}

}  // namespace zks::raft
