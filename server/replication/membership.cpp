#include "server/replication/membership.hpp"

namespace zks::raft {

std::optional<ConfState> apply_conf_change(const ConfState& conf, const ConfChange& change,
                                           std::string& why) {
  const std::string node = "node " + std::to_string(change.node);
  if (change.node == kNoNode) {
    why = "node id 0 is reserved";
    return std::nullopt;
  }
  ConfState next = conf;
  // Moves the node into `into` (taking it out of `other`), unless it is already there.
  auto add_to = [&](std::set<NodeId>& into, std::set<NodeId>& other, const char* role) {
    if (into.contains(change.node)) {
      why = node + " is already a " + role;
      return false;
    }
    other.erase(change.node);
    into.insert(change.node);
    return true;
  };
  switch (change.type) {
    case ConfChangeType::kAddVoter:
      if (!add_to(next.voters, next.learners, "voter")) return std::nullopt;
      break;
    case ConfChangeType::kAddLearner:
      if (!add_to(next.learners, next.voters, "learner")) return std::nullopt;
      break;
    case ConfChangeType::kRemoveNode:
      if (!conf.contains(change.node)) {
        why = node + " is not a member";
        return std::nullopt;
      }
      next.voters.erase(change.node);
      next.learners.erase(change.node);
      break;
  }
  if (next.voters.empty()) {
    why = "the change would leave no voter";
    return std::nullopt;
  }
  return next;
}

}  // namespace zks::raft
