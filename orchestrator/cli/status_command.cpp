// `zkdeploy status INVENTORY`: per cluster a table of host, myid, mode, zxid, lag behind the
// leader, connections, outstanding requests, release, drift (whether apply would change the
// host) and health with its reason; or, with --output json:
//   { "healthy": bool,
//     "clusters": [{ "name", "healthy": bool, "leader": host|null, "quorum": n,
//                    "voters": [host], "sync_problem": string|null,
//                    "hosts": [{ "name", "address", "myid", "reachable": bool,
//                                "error": string|null, "mode": string, "pid": n|null,
//                                "zxid": hex|null, "zxid_lag": n|null, "connections": n|null,
//                                "outstanding": n|null, "release": id|null,
//                                "version": string|null, "drift": bool|null,
//                                "healthy": bool, "reason": string|null }] }] }
// A cluster is healthy when every host is reachable and healthy (see
// probe/ensemble_health.hpp) and its leader counts every member as synced.
// Exit codes: 0 every cluster healthy; 3 some cluster unhealthy; 1 error (invalid inventory,
// unreadable artifact, or a host that could not be reached, named on stderr).
#include <unistd.h>

#include <iostream>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/cli/diagnostics_output.hpp"
#include "orchestrator/cli/inventory_run.hpp"
#include "orchestrator/plan/status_printer.hpp"
#include "orchestrator/probe/text_fields.hpp"

namespace zkd {
namespace {

constexpr int kUnhealthy = 3;

template <class T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

bool cluster_healthy(const ClusterPlan& cluster) {
  for (const HostPlan& host : cluster.hosts) {
    if (!host.observed.reachable || !host.health.healthy) return false;
  }
  return cluster.sync_problem.empty() && !cluster.leader.empty();
}

nlohmann::json host_json(const HostPlan& host) {
  const HostObservation& seen = host.observed;
  std::string mode = seen.mode_text.empty() ? std::string(mode_name(seen.mode)) : seen.mode_text;
  if (!seen.reachable || !seen.pid) mode = seen.reachable ? "stopped" : "unreachable";
  return {{"name", host.name},
          {"address", host.address},
          {"myid", host.myid},
          {"reachable", seen.reachable},
          {"error", text_or_null(seen.error)},
          {"mode", mode},
          {"pid", or_null(seen.pid)},
          {"zxid", seen.zxid ? nlohmann::json(to_hex(*seen.zxid)) : nlohmann::json(nullptr)},
          {"zxid_lag", or_null(host.health.zxid_lag)},
          {"connections", or_null(seen.connections)},
          {"outstanding", or_null(seen.outstanding)},
          {"release", text_or_null(seen.current_release)},
          {"version", text_or_null(seen.version)},
          {"drift", seen.reachable ? nlohmann::json(host.has_changes()) : nlohmann::json(nullptr)},
          {"healthy", host.health.healthy},
          {"reason", text_or_null(host.health.reason)}};
}

nlohmann::json status_json(const Plan& plan) {
  nlohmann::json clusters = nlohmann::json::array();
  bool healthy = true;
  for (const ClusterPlan& cluster : plan.clusters) {
    nlohmann::json hosts = nlohmann::json::array();
    for (const HostPlan& host : cluster.hosts) hosts.push_back(host_json(host));
    healthy = healthy && cluster_healthy(cluster);
    clusters.push_back({{"name", cluster.name},
                        {"healthy", cluster_healthy(cluster)},
                        {"leader", text_or_null(cluster.leader)},
                        {"quorum", cluster.quorum},
                        {"voters", cluster.voters},
                        {"sync_problem", text_or_null(cluster.sync_problem)},
                        {"hosts", hosts}});
  }
  return {{"healthy", healthy}, {"clusters", clusters}};
}

int run_status(const InventoryRunOptions& opts, const GlobalOptions& options) {
  const InventoryPlan run = run_inventory_plan("status", opts, options);
  if (!run.ok()) return 1;
  if (options.output == OutputFormat::json) {
    std::cout << json_text(status_json(run.plan)) << '\n';
  } else {
    std::cout << render_status(run.plan, PrintStyle{use_color(options, STDOUT_FILENO)});
  }
  if (report_unreachable("status", run, options)) return 1;
  for (const ClusterPlan& cluster : run.plan.clusters) {
    if (!cluster_healthy(cluster)) return kUnhealthy;
  }
  return 0;
}

}  // namespace

void add_status_command(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("status", "show each ensemble's members, health and drift");
  auto opts = add_inventory_run_options(*cmd);
  cmd->callback([&context, opts] { context.exit_code = run_status(*opts, context.options); });
}

}  // namespace zkd
