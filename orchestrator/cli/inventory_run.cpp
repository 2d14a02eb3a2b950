#include "orchestrator/cli/inventory_run.hpp"

#include <unistd.h>

#include <iostream>

#include "orchestrator/cli/diagnostics_output.hpp"
#include "orchestrator/plan/text_style.hpp"
#include "orchestrator/transport/fan_out.hpp"

namespace zkd {

std::shared_ptr<InventoryRunOptions> add_inventory_run_options(CLI::App& command) {
  auto opts = std::make_shared<InventoryRunOptions>();
  opts->forks = kDefaultForks;
  command.add_option("INVENTORY", opts->inventory, "inventory file (YAML)")->required();
  command.add_option("--forks", opts->forks, "hosts gathered in parallel")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  return opts;
}

void add_safety_flags(CLI::App& command, PlanOptions& plan) {
  command.add_flag("--allow-degraded", plan.allow_degraded,
                   "restart although a member is unhealthy, if a synced quorum remains");
  command.add_flag("--allow-downtime", plan.allow_downtime,
                   "accept that the ensemble is unavailable during the rollout");
}

InventoryPlan run_inventory_plan(const std::string& name, const InventoryRunOptions& opts,
                                 const GlobalOptions& options) {
  InventoryPlan run = plan_inventory(opts.inventory, opts.plan, opts.forks);
  report_inventory_problems(name, run, options);
  return run;
}

void report_inventory_problems(const std::string& name, const InventoryPlan& run,
                               const GlobalOptions& options) {
  const bool json = options.output == OutputFormat::json;
  if (json && has_errors(run.diagnostics)) {
    std::cout << json_text({{"diagnostics", diagnostics_json(run.diagnostics)}}) << '\n';
  } else {
    print_diagnostics(std::cerr, run.diagnostics, use_color(options, STDERR_FILENO));
  }
  if (!run.error.empty()) std::cerr << "zkdeploy " << name << ": " << run.error << '\n';
}

std::string json_text(const nlohmann::json& document) {
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool report_unreachable(const std::string& name, const InventoryPlan& run,
                        const GlobalOptions& options) {
  const auto lines = run.unreachable();
  const PrintStyle style{use_color(options, STDERR_FILENO)};
  for (const auto& line : lines) {
    std::cerr << paint("zkdeploy " + name + ": cannot gather " + line, Tone::warning, style)
              << '\n';
  }
  return !lines.empty();
}

}  // namespace zkd
