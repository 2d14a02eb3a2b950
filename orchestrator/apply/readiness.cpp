#include "orchestrator/apply/readiness.hpp"

#include <algorithm>

namespace zkd {

Readiness nodes_ready(const EnsembleHealth& health, const std::vector<int64_t>& myids,
                      bool allow_degraded) {
  for (int64_t myid : myids) {
    auto node = std::find_if(health.nodes.begin(), health.nodes.end(),
                             [&](const NodeHealth& n) { return n.myid == myid; });
    if (node == health.nodes.end()) return {false, "myid " + std::to_string(myid) + " unknown"};
    if (!node->healthy) return {false, node->host + ": " + node->reason};
  }
  if (!health.leader) return {false, health.leader_problem};
  if (health.sync.complete) return {true, {}};
  if (allow_degraded && health.sync.synced_followers &&
      *health.sync.synced_followers + 1 >= static_cast<int64_t>(health.healthy_participants)) {
    return {true, {}};
  }
  return {false, health.sync.reason};
}

}  // namespace zkd
