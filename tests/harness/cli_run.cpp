#include "tests/harness/cli_run.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "orchestrator/transport/shell_quote.hpp"

namespace zkd::testing {

CliRun run_cli(const std::vector<std::string>& argv, const std::string& scratch) {
  const std::string err_path = scratch + "/cli-stderr";
  CliRun run;
  const std::string line = shell_quote(argv) + " 2>" + shell_quote_word(err_path);
  FILE* pipe = ::popen(line.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  run.err = s.str();
  return run;
}

}  // namespace zkd::testing
