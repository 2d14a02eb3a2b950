// Runs the real zkdeploy binary (built by this tree) in a directory and captures its output,
// for tests of what a user sees on the command line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace zkd::testing_support {

struct CommandRun {
  std::string out;  // stdout
  std::string err;  // stderr
  int exit_code = -1;
};

CommandRun run_zkdeploy(const std::filesystem::path& dir, const std::vector<std::string>& args);

}  // namespace zkd::testing_support
