// What the commands that read the hosts (`plan`, `status`) share: the INVENTORY argument and
// --forks, running the read-only pipeline (state/inventory_plan.hpp), printing inventory
// diagnostics and local errors, and naming the hosts that could not be gathered.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/state/inventory_plan.hpp"

namespace zkd {

struct InventoryRunOptions {
  std::string inventory;
  int forks = 16;
  PlanOptions plan;
};

std::shared_ptr<InventoryRunOptions> add_inventory_run_options(CLI::App& command);

// --allow-degraded and --allow-downtime (plan and apply mean the same by them).
void add_safety_flags(CLI::App& command, PlanOptions& plan);

// Prints the inventory's diagnostics (stderr, or the JSON document on stdout with
// --output json when it is invalid) and a local error, prefixed "zkdeploy NAME".
void report_inventory_problems(const std::string& name, const InventoryPlan& run,
                               const GlobalOptions& options);

// Runs the pipeline; prints diagnostics (stderr, or the JSON document on stdout with
// --output json when the inventory is invalid) and local errors, prefixed "zkdeploy NAME".
InventoryPlan run_inventory_plan(const std::string& name, const InventoryRunOptions& opts,
                                 const GlobalOptions& options);

// Prints one "zkdeploy NAME: cannot gather HOST: ERROR" line per unreachable host on stderr;
// true when there was any.
bool report_unreachable(const std::string& name, const InventoryPlan& run,
                        const GlobalOptions& options);

// JSON text for stdout. Bytes gathered from a host need not be UTF-8 (a hand-edited file):
// invalid sequences become U+FFFD instead of failing the whole document.
std::string json_text(const nlohmann::json& document);

}  // namespace zkd
