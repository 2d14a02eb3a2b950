// `zkdeploy validate INVENTORY`: loads the inventory, renders every host's files to check the
// templates, and reports every problem. Exit 0 when valid (warnings allowed), 1 otherwise.
#include <unistd.h>

#include <iostream>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/cli/diagnostics_output.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/renderer.hpp"

namespace zkd {
namespace {

std::string plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

int run_validate(const std::string& path, const GlobalOptions& options) {
  LoadResult loaded = load_inventory(path);
  std::vector<Diagnostic> diagnostics = loaded.diagnostics;
  if (loaded.ok()) {
    RenderResult rendered = render_inventory(loaded.inventory);
    diagnostics.insert(diagnostics.end(), rendered.diagnostics.begin(), rendered.diagnostics.end());
  }
  const size_t errors = count_severity(diagnostics, Severity::error);
  const size_t warnings = count_severity(diagnostics, Severity::warning);
  const size_t hosts = loaded.inventory.all_hosts().size();
  const size_t clusters = loaded.inventory.clusters.size();
  if (options.output == OutputFormat::json) {
    nlohmann::json out{{"file", path},
                       {"valid", errors == 0},
                       {"errors", errors},
                       {"warnings", warnings},
                       {"clusters", clusters},
                       {"hosts", hosts},
                       {"diagnostics", diagnostics_json(diagnostics)}};
    std::cout << out.dump(2) << '\n';
  } else {
    print_diagnostics(std::cout, diagnostics, use_color(options, STDOUT_FILENO));
    if (errors == 0) {
      std::cout << path << ": valid: " << plural(clusters, "cluster") << ", "
                << plural(hosts, "host") << ", " << plural(warnings, "warning") << '\n';
    } else {
      std::cout << path << ": invalid: " << plural(errors, "error") << ", "
                << plural(warnings, "warning") << '\n';
    }
  }
  return errors == 0 ? 0 : 1;
}

}  // namespace

void add_validate_command(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("validate", "check an inventory and report every problem");
  auto path = std::make_shared<std::string>();
  cmd->add_option("INVENTORY", *path, "inventory file (YAML)")->required();
  cmd->callback([&context, path] { context.exit_code = run_validate(*path, context.options); });
}

}  // namespace zkd
