#include "orchestrator/plan/rollout_order.hpp"

#include <algorithm>

namespace zkd {

namespace {

// Execution rank: starts, then observer, follower and leader restarts.
int rank(const HostPlan& host, std::string_view leader) {
  if (host.action == ServerAction::start) return 0;
  if (host.role == MemberRole::observer) return 1;
  return host.name == leader ? 3 : 2;
}

}  // namespace

std::vector<ActivationStep> activation_order(const std::vector<HostPlan>& hosts,
                                             std::string_view leader) {
  std::vector<const HostPlan*> acting;
  for (const HostPlan& host : hosts) {
    if (host.action != ServerAction::none) acting.push_back(&host);
  }
  std::stable_sort(acting.begin(), acting.end(), [&](const HostPlan* a, const HostPlan* b) {
    int rank_a = rank(*a, leader), rank_b = rank(*b, leader);
    return rank_a != rank_b ? rank_a < rank_b : a->myid < b->myid;
  });
  std::vector<ActivationStep> order;
  for (const HostPlan* host : acting) order.push_back({host->name, host->action});
  return order;
}

}  // namespace zkd
