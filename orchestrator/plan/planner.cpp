#include "orchestrator/plan/planner.hpp"

#include <algorithm>
#include <map>

#include "orchestrator/plan/cluster_safety.hpp"
#include "orchestrator/plan/host_changes.hpp"
#include "orchestrator/plan/membership.hpp"
#include "orchestrator/plan/rollout_order.hpp"

namespace zkd {

namespace {

struct ClusterInput {
  std::vector<const DesiredHost*> desired;
  std::vector<const ObservedHost*> observed;  // aligned with desired; null when not gathered
};

std::vector<std::pair<std::string, ClusterInput>> group_by_cluster(
    const std::vector<DesiredHost>& desired, const std::vector<ObservedHost>& observed) {
  std::map<std::string, const ObservedHost*, std::less<>> by_name;
  for (const ObservedHost& host : observed) by_name.emplace(host.name, &host);
  std::vector<std::pair<std::string, ClusterInput>> clusters;
  for (const DesiredHost& host : desired) {
    auto cluster = std::find_if(clusters.begin(), clusters.end(),
                                [&](const auto& c) { return c.first == host.cluster; });
    if (cluster == clusters.end()) cluster = clusters.insert(clusters.end(), {host.cluster, {}});
    auto seen = by_name.find(host.name);
    cluster->second.desired.push_back(&host);
    cluster->second.observed.push_back(seen == by_name.end() ? nullptr : seen->second);
  }
  return clusters;
}

bool reachable(const ObservedHost* host) {
  return host && host->reachable;
}

bool is_first_install(const ClusterInput& input) {
  return std::all_of(input.observed.begin(), input.observed.end(),
                     [](const ObservedHost* o) { return reachable(o) && nothing_installed(*o); });
}

// Whether starting the stopped voters one at a time could never restore a quorum.
bool needs_starting_together(const ClusterPlan& cluster) {
  size_t running = 0;
  for (const HostPlan& host : cluster.hosts) {
    if (host.role == MemberRole::participant && host.observed.pid) ++running;
  }
  return running + 1 < cluster.quorum;
}

EnsembleHealth cluster_health(const ClusterInput& input) {
  std::vector<MemberProbe> members;
  for (size_t i = 0; i < input.desired.size(); ++i) {
    const DesiredHost& host = *input.desired[i];
    ServerStatus status;
    if (reachable(input.observed[i])) {
      status = input.observed[i]->status;
    } else {
      status.problems = {"the host is unreachable"};
    }
    members.push_back({host.name, host.myid, host.role, std::move(status)});
  }
  return evaluate_health(members, HealthPolicy{input.desired.front()->rollout.max_zxid_lag});
}

ClusterPlan plan_cluster(const std::string& name, const ClusterInput& input,
                         const PlanOptions& options) {
  ClusterPlan cluster;
  cluster.name = name;
  for (size_t i = 0; i < input.desired.size(); ++i) {
    cluster.hosts.push_back(plan_host(*input.desired[i], input.observed[i]));
  }
  const EnsembleHealth health = cluster_health(input);
  for (size_t i = 0; i < cluster.hosts.size(); ++i) {
    HostPlan& host = cluster.hosts[i];
    host.health = health.nodes[i];
    if (host.role == MemberRole::participant) cluster.voters.push_back(host.name);
  }
  cluster.quorum = health.quorum;
  if (health.leader) cluster.leader = health.nodes[*health.leader].host;
  cluster.sync_problem = health.sync.reason;
  cluster.rollout = input.desired.front()->rollout;
  cluster.first_install = is_first_install(input);
  cluster.start_together = cluster.first_install || needs_starting_together(cluster);
  if (!cluster.first_install) {
    MembershipChanges changes = membership_changes(input.desired, input.observed);
    cluster.added = std::move(changes.added);
    cluster.removed = std::move(changes.removed);
  }
  cluster.order = activation_order(cluster.hosts, cluster.leader);
  cluster.verdict = judge_cluster(cluster, input.observed, health, options);
  return cluster;
}

void count(const ClusterPlan& cluster, PlanSummary& summary) {
  for (const HostPlan& host : cluster.hosts) {
    if (!host.has_changes()) continue;
    ++(host.new_host || host.fresh ? summary.add : summary.change);
    if (host.action == ServerAction::restart) ++summary.restart;
  }
}

}  // namespace

Plan make_plan(const std::vector<DesiredHost>& desired, const std::vector<ObservedHost>& observed,
               const PlanOptions& options) {
  Plan plan;
  for (const auto& [name, input] : group_by_cluster(desired, observed)) {
    ClusterPlan cluster = plan_cluster(name, input, options);
    count(cluster, plan.summary);
    for (const std::string& reason : cluster.verdict.reasons) {
      plan.verdict.safe = false;
      plan.verdict.reasons.push_back(name + ": " + reason);
    }
    plan.clusters.push_back(std::move(cluster));
  }
  return plan;
}

}  // namespace zkd
