#include "server/replication/status.hpp"

#include <algorithm>

namespace zks::raft {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kFollower:
      return "follower";
    case Role::kPreCandidate:
      return "pre-candidate";
    case Role::kCandidate:
      return "candidate";
    case Role::kLeader:
      return "leader";
  }
  return "unknown";
}

std::size_t Status::synced_followers() const {
  return static_cast<std::size_t>(std::count_if(
      peers.begin(), peers.end(), [](const PeerStatus& p) { return p.voter && p.synced; }));
}

}  // namespace zks::raft
