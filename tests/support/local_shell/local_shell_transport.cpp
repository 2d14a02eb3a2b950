#include "tests/support/local_shell/local_shell_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "orchestrator/transport/shell_quote.hpp"

namespace zkd::test {

ExecResult LocalShellTransport::exec(const ExecRequest& request) {
  const std::string line = shell_quote(request.argv);
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw TransportError("pipe failed");
  }
  const pid_t pid = ::fork();
  if (pid < 0) throw TransportError("fork failed");
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  // A script that exits before reading all of stdin must not kill the test with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  ExecResult result;
  InputCursor input(request.stdin_data);
  int to_child = in[1];
  if (input.done()) {
    ::close(to_child);
    to_child = -1;
  }
  int open_outputs = 2;
  pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {to_child, POLLOUT, 0}};
  while (open_outputs > 0 || to_child >= 0) {
    fds[2].fd = to_child;
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw TransportError("poll failed");
    }
    for (int k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || (fds[k].revents & (POLLIN | POLLHUP)) == 0) continue;
      char buf[65536];
      const ssize_t n = ::read(fds[k].fd, buf, sizeof buf);
      if (n > 0) {
        (k == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
      } else {
        ::close(fds[k].fd);
        fds[k].fd = -1;
        --open_outputs;
      }
    }
    if (to_child >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const std::string_view chunk = input.next(1 << 20);
      const ssize_t n = ::write(to_child, chunk.data(), chunk.size());
      if (n > 0) input.advance(static_cast<size_t>(n));
      if (n < 0 || input.done()) {
        ::close(to_child);
        to_child = -1;
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

ScratchDir::ScratchDir() {
  char dir[] = "/tmp/zkd-script-XXXXXX";
  if (::mkdtemp(dir) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = dir;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string local_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void put_local(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace zkd::test
