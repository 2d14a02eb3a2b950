// zkdeploy command line: global flags, then one line per command (each in its own file).
#include <CLI/CLI.hpp>
#include <map>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"zkdeploy: quorum-safe deployment of ZooKeeper ensembles"};
  app.set_version_flag("--version", std::string(zkd::version()));
  app.require_subcommand(1);
  app.fallthrough();
  zkd::CommandContext context;
  const std::map<std::string, zkd::OutputFormat> formats{{"text", zkd::OutputFormat::text},
                                                         {"json", zkd::OutputFormat::json}};
  app.add_option("--output", context.options.output, "output format: text or json")
      ->transform(CLI::CheckedTransformer(formats));
  app.add_flag("--no-color", context.options.no_color, "never colour the output");

  zkd::add_validate_command(app, context);
  zkd::add_render_command(app, context);
  zkd::add_plan_command(app, context);
  zkd::add_status_command(app, context);
  zkd::add_ping_command(app, context);
  zkd::add_apply_command(app, context);

  CLI11_PARSE(app, argc, argv);
  return context.exit_code;
}
