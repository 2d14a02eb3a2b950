#include "tests/harness/process_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <sstream>
#include <thread>
#include <vector>

namespace zkd::testing {
namespace {

// Contents of a /proc file; empty when the process is gone. Read with read(2) because a
// process exiting mid-read makes it fail with ESRCH, which iostreams turn into an exception.
std::string read_proc_file(pid_t pid, const char* name) {
  std::string text;
  const std::string path = "/proc/" + std::to_string(pid) + "/" + name;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return n < 0 ? std::string() : text;
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  DIR* d = ::opendir("/proc");
  if (d == nullptr) return pids;
  while (dirent* e = ::readdir(d)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (end != e->d_name && *end == '\0') pids.push_back(static_cast<pid_t>(pid));
  }
  ::closedir(d);
  return pids;
}

// State letter and parent from /proc/PID/stat; false if the process is gone.
bool read_stat(pid_t pid, char& state, pid_t& ppid) {
  const std::string text = read_proc_file(pid, "stat");
  const auto close = text.rfind(')');  // the command name may contain spaces and parens
  if (close == std::string::npos) return false;
  std::istringstream rest(text.substr(close + 2));
  rest >> state >> ppid;
  return static_cast<bool>(rest);
}

}  // namespace

bool is_alive(pid_t pid) {
  char state = 0;
  pid_t ppid = 0;
  return read_stat(pid, state, ppid) && state != 'Z' && state != 'X';
}

std::set<pid_t> descendants(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  for (pid_t pid : all_pids()) {
    char state = 0;
    pid_t ppid = 0;
    if (read_stat(pid, state, ppid) && state != 'Z') children.emplace(ppid, pid);
  }
  std::set<pid_t> found;
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    const pid_t p = todo.back();
    todo.pop_back();
    auto [b, e] = children.equal_range(p);
    for (auto it = b; it != e; ++it) {
      if (found.insert(it->second).second) todo.push_back(it->second);
    }
  }
  return found;
}

std::set<pid_t> processes_with_env(const std::string& entry) {
  std::set<pid_t> found;
  for (pid_t pid : all_pids()) {
    if (pid == ::getpid()) continue;
    std::istringstream in(read_proc_file(pid, "environ"));
    std::string var;
    while (std::getline(in, var, '\0')) {
      if (var == entry) {
        if (is_alive(pid)) found.insert(pid);
        break;
      }
    }
  }
  return found;
}

void kill_and_reap(const std::set<pid_t>& pids, std::chrono::milliseconds deadline) {
  for (pid_t pid : pids) ::kill(pid, SIGKILL);
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (pid_t pid : pids) {
    for (;;) {
      ::waitpid(pid, nullptr, WNOHANG);  // reaps our own children; harmless for others
      if (!is_alive(pid) || std::chrono::steady_clock::now() > until) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

}  // namespace zkd::testing
