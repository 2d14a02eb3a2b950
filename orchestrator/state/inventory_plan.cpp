#include "orchestrator/state/inventory_plan.hpp"

#include <exception>

#include "orchestrator/gather/cluster_gather.hpp"
#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/plan/planner.hpp"
#include "orchestrator/render/renderer.hpp"
#include "orchestrator/state/desired_state.hpp"

namespace zkd {

std::vector<std::string> InventoryPlan::unreachable() const {
  std::vector<std::string> lines;
  for (const ObservedHost& host : observed) {
    if (!host.reachable) lines.push_back(host.name + ": " + host.error);
  }
  return lines;
}

InventoryPlan prepare_inventory(const std::filesystem::path& inventory) {
  InventoryPlan result;
  LoadResult loaded = load_inventory(inventory);
  result.diagnostics = std::move(loaded.diagnostics);
  if (has_errors(result.diagnostics)) return result;
  result.inventory = std::move(loaded.inventory);
  result.rendered = render_inventory(result.inventory);
  result.diagnostics.insert(result.diagnostics.end(), result.rendered.diagnostics.begin(),
                            result.rendered.diagnostics.end());
  if (has_errors(result.diagnostics)) return result;
  try {
    result.desired = build_desired_state(result.rendered);
  } catch (const std::exception& e) {
    result.error = e.what();
    return result;
  }
  for (size_t i = 0; i < result.desired.size(); ++i) {
    result.rendered.hosts[i].release = release_id(result.desired[i].release.sha256);
  }
  return result;
}

InventoryPlan plan_inventory(const std::filesystem::path& inventory, const PlanOptions& options,
                             int forks) {
  InventoryPlan result = prepare_inventory(inventory);
  if (!result.ok()) return result;
  result.observed = gather_cluster_state(result.rendered, forks);
  result.plan = make_plan(result.desired, result.observed, options);
  return result;
}

}  // namespace zkd
