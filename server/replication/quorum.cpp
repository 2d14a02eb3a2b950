#include "server/replication/quorum.hpp"

#include <algorithm>
#include <vector>

namespace zks::raft {

Index majority_index(const std::set<NodeId>& voters, const std::function<Index(NodeId)>& acked) {
  if (voters.empty()) return 0;
  std::vector<Index> indexes;
  indexes.reserve(voters.size());
  for (NodeId id : voters) indexes.push_back(acked(id));
  // Sorted descending, the element at position quorum-1 is reached by a quorum of voters.
  std::sort(indexes.begin(), indexes.end(), std::greater<>());
  return indexes[voters.size() / 2];
}

VoteOutcome vote_outcome(const std::set<NodeId>& voters, const std::map<NodeId, bool>& votes) {
  std::size_t granted = 0, refused = 0;
  for (NodeId id : voters) {
    auto it = votes.find(id);
    if (it == votes.end()) continue;
    ++(it->second ? granted : refused);
  }
  std::size_t quorum = voters.size() / 2 + 1;
  if (granted >= quorum) return VoteOutcome::kWon;
  if (voters.size() - refused < quorum) return VoteOutcome::kLost;
  return VoteOutcome::kPending;
}

bool has_majority(const std::set<NodeId>& voters, const std::function<bool(NodeId)>& yes) {
  std::size_t count = 0;
  for (NodeId id : voters) count += yes(id) ? 1 : 0;
  return !voters.empty() && count >= voters.size() / 2 + 1;
}

}  // namespace zks::raft
