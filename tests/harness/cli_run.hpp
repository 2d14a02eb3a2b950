// Runs a command-line program (zkdeploy) from a test and collects its exit status, stdout and
// stderr: to completion (run_cli), or in the background (spawn_cli) so that the test can act
// while it runs (signal it) and then collect it (wait_cli). No shell is involved.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace zkd::testing {

struct CliRun {
  int status = -1;  // exit status; -1 when killed by a signal or not run
  std::string out;
  std::string err;
};

struct CliProcess {
  pid_t pid = -1;
  std::string out_path, err_path;
};

// `scratch` is a directory where the output is collected (files cli-stdout, cli-stderr).
CliProcess spawn_cli(const std::vector<std::string>& argv, const std::string& scratch);
CliRun wait_cli(const CliProcess& process);
CliRun run_cli(const std::vector<std::string>& argv, const std::string& scratch);

}  // namespace zkd::testing
