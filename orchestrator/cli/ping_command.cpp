// `zkdeploy ping INVENTORY [--forks N]`: contacts every host of the inventory in parallel
// over SSH and reports reachability, latency, OS/arch and free disk at the install root,
// as a table or (--output json) JSON. Exit 0 when every host answered, 1 otherwise.
#include <unistd.h>

#include <iostream>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/cli/diagnostics_output.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/inventory_target.hpp"
#include "orchestrator/transport/ping.hpp"

namespace zkd {
namespace {

int run_ping(const std::string& path, int forks, const GlobalOptions& options) {
  const LoadResult loaded = load_inventory(path);
  if (!loaded.ok()) {
    if (options.output == OutputFormat::json) {
      std::cout << nlohmann::json{{"file", path},
                                  {"diagnostics", diagnostics_json(loaded.diagnostics)}}
                       .dump(2)
                << '\n';
    } else {
      print_diagnostics(std::cerr, loaded.diagnostics, use_color(options, STDERR_FILENO));
    }
    return 1;
  }
  std::vector<PingTarget> targets;
  for (const Host* host : loaded.inventory.all_hosts()) targets.push_back(ping_target_for(*host));
  const std::vector<PingResult> results = ping_hosts(targets, forks);
  if (options.output == OutputFormat::json) {
    std::cout << ping_json(results).dump(2) << '\n';
  } else {
    std::cout << format_ping_table(results);
  }
  for (const auto& r : results) {
    if (!r.reachable) return 1;
  }
  return 0;
}

}  // namespace

void add_ping_command(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("ping", "check that every host is reachable over SSH");
  auto path = std::make_shared<std::string>();
  auto forks = std::make_shared<int>(kDefaultForks);
  cmd->add_option("INVENTORY", *path, "inventory file (YAML)")->required();
  cmd->add_option("--forks", *forks, "hosts contacted in parallel")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->callback(
      [&context, path, forks] { context.exit_code = run_ping(*path, *forks, context.options); });
}

}  // namespace zkd
