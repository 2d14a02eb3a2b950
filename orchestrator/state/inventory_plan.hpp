// The whole read-only pipeline shared by `plan`, `status` (and `apply`, which executes the
// result): load and check the inventory, render it, build the desired state, gather the
// observed state of every host in parallel, and make the plan. Stops before touching any
// host when the inventory or its templates have errors or an artifact cannot be read.
// prepare_inventory() is the part before any host is contacted (apply gathers itself).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "orchestrator/inventory/diagnostic.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/plan_input.hpp"
#include "orchestrator/render/renderer.hpp"

namespace zkd {

struct InventoryPlan {
  std::vector<Diagnostic> diagnostics;  // inventory and template problems (warnings too)
  std::string error;                    // a local failure after loading (unreadable artifact)
  Inventory inventory;
  RenderResult rendered;  // points into `inventory` (moving the struct keeps it valid)
  std::vector<DesiredHost> desired;
  std::vector<ObservedHost> observed;  // one per desired host, in the same order
  Plan plan;                           // made only when ok()

  bool ok() const { return !has_errors(diagnostics) && error.empty(); }
  // The hosts that could not be gathered, as "name: error" lines.
  std::vector<std::string> unreachable() const;
};

// Load, check, render and digest: `observed` and `plan` stay empty.
InventoryPlan prepare_inventory(const std::filesystem::path& inventory);

InventoryPlan plan_inventory(const std::filesystem::path& inventory, const PlanOptions& options,
                             int forks);

}  // namespace zkd
