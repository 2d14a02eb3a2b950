#include "orchestrator/apply/next_steps.hpp"

namespace zkd {

std::vector<ActivationStep> next_steps(const ClusterPlan& cluster) {
  if (cluster.order.empty()) return {};
  if (!cluster.start_together) return {cluster.order.front()};
  std::vector<ActivationStep> starts;
  for (const ActivationStep& s : cluster.order) {
    if (s.action == ServerAction::start) starts.push_back(s);
  }
  return starts;
}

std::vector<std::string> next_hosts(const ClusterPlan& cluster) {
  std::vector<std::string> hosts;
  for (const ActivationStep& s : next_steps(cluster)) hosts.push_back(s.host);
  if (cluster.order.empty()) {
    for (const HostPlan& host : cluster.hosts) {
      if (host.has_changes()) hosts.push_back(host.name);
    }
  }
  return hosts;
}

}  // namespace zkd
