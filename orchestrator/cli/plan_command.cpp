// `zkdeploy plan INVENTORY`: the dry run of `apply`. Gathers every host (read-only), makes
// the plan with the same make_plan() that apply executes, and prints it (unified diffs of
// masked files, release switches, restart order, verdict) or, with --output json, the
// schema of plan/plan_json.hpp. Exit codes (like `terraform plan -detailed-exitcode`):
//   0  nothing to do        2  changes pending (whatever the verdict says)
//   1  error: the inventory or its templates are invalid (diagnostics printed, no host is
//      contacted), an artifact cannot be read, or a host could not be gathered (named,
//      with its error; the plan of the other hosts is still printed).
#include "orchestrator/cli/plan_command.hpp"

#include <unistd.h>

#include <iostream>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/cli/diagnostics_output.hpp"
#include "orchestrator/cli/inventory_run.hpp"
#include "orchestrator/plan/plan_json.hpp"
#include "orchestrator/plan/plan_printer.hpp"

namespace zkd {

int run_plan(const InventoryRunOptions& opts, const GlobalOptions& options) {
  const InventoryPlan run = run_inventory_plan("plan", opts, options);
  if (!run.ok()) return 1;
  if (options.output == OutputFormat::json) {
    std::cout << json_text(plan_to_json(run.plan)) << '\n';
  } else {
    std::cout << render_plan(run.plan, PrintStyle{use_color(options, STDOUT_FILENO)});
  }
  if (report_unreachable("plan", run, options)) return 1;
  return run.plan.has_changes() ? 2 : 0;
}

void add_plan_command(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("plan", "show what apply would change, and whether it is safe");
  auto opts = add_inventory_run_options(*cmd);
  add_safety_flags(*cmd, opts->plan);
  cmd->callback([&context, opts] { context.exit_code = run_plan(*opts, context.options); });
}

}  // namespace zkd
