// Runs a command-line program (zkdeploy) from a test and collects its exit status, stdout and
// stderr. Arguments are quoted with the transport's shell_quote, so any test path is safe.
#pragma once

#include <string>
#include <vector>

namespace zkd::testing {

struct CliRun {
  int status = -1;  // exit status; -1 when killed by a signal or not run
  std::string out;
  std::string err;
};

// `scratch` is a directory where stderr is collected.
CliRun run_cli(const std::vector<std::string>& argv, const std::string& scratch);

}  // namespace zkd::testing
