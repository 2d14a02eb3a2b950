// Finding and stopping processes by PID for the test harness: the descendants of a
// process, and the processes carrying a marker environment variable (which survive
// re-parenting when a session's command daemonises). Never matches command names.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <set>
#include <string>

namespace zkd::testing {

// Live (non-zombie) descendants of root, root excluded.
std::set<pid_t> descendants(pid_t root);
// Live processes whose environment holds exactly the entry `name=value`.
std::set<pid_t> processes_with_env(const std::string& entry);
bool is_alive(pid_t pid);  // exists and is not a zombie
// SIGKILLs pids, reaps those that are our children, waits until all are gone.
void kill_and_reap(const std::set<pid_t>& pids, std::chrono::milliseconds deadline);

}  // namespace zkd::testing
