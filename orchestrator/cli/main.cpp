// zkdeploy command line: parses arguments and dispatches to the commands.
#include <CLI/CLI.hpp>
#include <iostream>

#include "orchestrator/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"zkdeploy: quorum-safe deployment of ZooKeeper ensembles"};
  app.set_version_flag("--version", std::string(zkd::version()));
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
