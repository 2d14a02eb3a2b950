#include "tests/harness/cli_run.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace zkd::testing {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

CliProcess spawn_cli(const std::vector<std::string>& argv, const std::string& scratch) {
  CliProcess process{-1, scratch + "/cli-stdout", scratch + "/cli-stderr"};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, process.out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, process.err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = ::posix_spawn(&process.pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot run " + argv.front());
  return process;
}

CliRun wait_cli(const CliProcess& process) {
  CliRun run;
  int status = 0;
  if (::waitpid(process.pid, &status, 0) == process.pid && WIFEXITED(status)) {
    run.status = WEXITSTATUS(status);
  }
  run.out = slurp(process.out_path);
  run.err = slurp(process.err_path);
  return run;
}

CliRun run_cli(const std::vector<std::string>& argv, const std::string& scratch) {
  return wait_cli(spawn_cli(argv, scratch));
}

}  // namespace zkd::testing
