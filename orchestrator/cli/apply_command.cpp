// `zkdeploy apply INVENTORY`: converges the hosts on the inventory (apply/executor.hpp):
// stage in parallel, then activate each cluster one voter at a time, re-planning from fresh
// probes before every destructive step. Progress goes to stderr as it happens; at the end
// stdout gets what happened, the state of every ensemble (the `status` table) and what to
// do next, or with --output json:
//   { "run": id, "journal": path, "exit_code": n, "changed": bool, "happened": [text],
//     "next": [text], "restarted": ["cluster/host"], "started": ["cluster/host"],
//     "plan": <plan JSON (plan/plan_json.hpp) of the final state> | null }
// --dry-run prints what `zkdeploy plan` prints, through the same function and exit codes.
// Exit codes: 0 converged (or nothing to do), 1 failure or refusal (nothing further was
// touched), 130 interrupted by SIGINT/SIGTERM (the node in progress was finished first).
#include <unistd.h>

#include <iostream>

#include "orchestrator/apply/executor.hpp"
#include "orchestrator/apply/interrupt.hpp"
#include "orchestrator/apply/journal.hpp"
#include "orchestrator/apply/progress_printer.hpp"
#include "orchestrator/apply/ssh_apply_target.hpp"
#include "orchestrator/cli/command.hpp"
#include "orchestrator/cli/diagnostics_output.hpp"
#include "orchestrator/cli/inventory_run.hpp"
#include "orchestrator/cli/plan_command.hpp"
#include "orchestrator/plan/plan_json.hpp"
#include "orchestrator/plan/status_printer.hpp"

namespace zkd {
namespace {

struct ApplyCliOptions {
  std::shared_ptr<InventoryRunOptions> run;
  bool dry_run = false;
  bool no_rollback = false;
  std::string journal;
};

void print_report(const ApplyReport& report, const std::optional<Plan>& final_plan,
                  const std::string& journal, const GlobalOptions& options) {
  const PrintStyle style{use_color(options, STDOUT_FILENO)};
  std::cout << '\n';
  for (const std::string& line : report.happened) std::cout << line << '\n';
  if (final_plan) std::cout << "\nState now:\n" << render_status(*final_plan, style);
  if (!report.next.empty()) {
    std::cout << "\nWhat to do next:\n";
    for (const std::string& line : report.next) std::cout << "  - " << line << '\n';
  }
  std::cout << "\nApply " << (report.exit_code == kApplyOk ? "complete" : "stopped") << ": "
            << report.restarted.size() << " restarted, " << report.started.size()
            << " started. Journal: " << journal << '\n';
}

int run_apply(const ApplyCliOptions& opts, const GlobalOptions& options) {
  if (opts.dry_run) return run_plan(*opts.run, options);
  const InventoryPlan prepared = prepare_inventory(opts.run->inventory);
  report_inventory_problems("apply", prepared, options);
  if (!prepared.ok()) return kApplyFailed;

  const RunIdentity id = current_run_identity();
  const std::string journal_path =
      opts.journal.empty() ? Journal::default_path(id.run_id).string() : opts.journal;
  std::optional<Journal> journal;
  try {
    journal.emplace(journal_path, id.run_id);
  } catch (const std::exception& e) {
    std::cerr << "zkdeploy apply: " << e.what() << '\n';
    return kApplyFailed;
  }
  const StepEvent run_event{"run", "", "", "apply " + opts.run->inventory + " as " + id.holder()};
  journal->begin(run_event);
  const auto t0 = std::chrono::steady_clock::now();

  ProgressPrinter progress(std::cerr, PrintStyle{use_color(options, STDERR_FILENO)});
  SshApplyTarget target(prepared, id, opts.run->plan, opts.run->forks);
  ApplyOptions apply;
  apply.plan = opts.run->plan;
  apply.rollback = !opts.no_rollback;
  apply.forks = opts.run->forks;
  Executor executor(target, {&*journal, &progress}, apply, &install_interrupt_flag());
  const ApplyReport report = executor.run();

  std::optional<Plan> final_plan;
  if (report.changed || report.exit_code != kApplyOk) {
    try {
      final_plan = target.final_state();
    } catch (const std::exception& e) {
      std::cerr << "zkdeploy apply: cannot read the final state: " << e.what() << '\n';
    }
  }
  if (options.output == OutputFormat::json) {
    std::cout << json_text({{"run", id.run_id},
                            {"journal", journal_path},
                            {"exit_code", report.exit_code},
                            {"changed", report.changed},
                            {"happened", report.happened},
                            {"next", report.next},
                            {"restarted", report.restarted},
                            {"started", report.started},
                            {"plan", final_plan ? plan_to_json(*final_plan) : nullptr}})
              << '\n';
  } else {
    print_report(report, final_plan, journal_path, options);
  }
  StepOutcome outcome;
  outcome.ok = report.exit_code == kApplyOk;
  outcome.error = outcome.ok ? "" : "exit " + std::to_string(report.exit_code);
  outcome.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  journal->end(run_event, outcome);
  return report.exit_code;
}

}  // namespace

void add_apply_command(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("apply", "converge the hosts on the inventory, quorum-safely");
  auto opts = std::make_shared<ApplyCliOptions>();
  opts->run = add_inventory_run_options(*cmd);
  add_safety_flags(*cmd, opts->run->plan);
  cmd->add_flag("--dry-run", opts->dry_run, "print the plan (exactly what `plan` prints)");
  cmd->add_flag("--no-rollback", opts->no_rollback,
                "leave a node that fails its health check as it is");
  cmd->add_option("--journal", opts->journal,
                  "journal file (JSON lines; default ~/.zkdeploy/runs/<run-id>.jsonl)");
  cmd->callback([&context, opts] { context.exit_code = run_apply(*opts, context.options); });
}

}  // namespace zkd
