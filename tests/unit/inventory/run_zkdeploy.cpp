#include "tests/unit/inventory/run_zkdeploy.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace zkd::testing_support {

CommandRun run_zkdeploy(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::vector<char*> argv{const_cast<char*>("zkdeploy")};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    if (chdir(dir.c_str()) != 0) _exit(127);
    execv(ZKD_BINARY, argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  CommandRun run;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&run.out, &run.err};
  int open_streams = 2;
  while (open_streams > 0 && poll(fds, 2, -1) > 0) {
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_streams;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace zkd::testing_support
