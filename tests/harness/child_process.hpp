// Starting a server process for tests: fork + exec with stdout and stderr appended to a file,
// stdin from /dev/null, extra environment entries (markers that let a later run find and kill
// what a crashed run left), and SIGKILL when the starting process dies. The caller owns the
// PID: it kills and reaps it. run_command() runs a short helper command to completion.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace zkd::testing {

// Starts argv[0] (an absolute path) with `argv`; throws when it cannot fork.
pid_t spawn_child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                  const std::string& output_file);

// Runs argv (argv[0] an absolute path, no shell) to completion; throws naming the command
// when it cannot start or does not exit with status 0.
void run_command(const std::vector<std::string>& argv);

}  // namespace zkd::testing
