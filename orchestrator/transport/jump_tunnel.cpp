#include "orchestrator/transport/jump_tunnel.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace zkd {

JumpTunnel::JumpTunnel(const SshTarget& jump, const std::string& address, uint16_t port,
                       const Deadline& deadline) {
  const int fd = connect_tcp(jump.address, jump.port, deadline, jump.label());
  jump_ = std::make_unique<SshSession>(jump, fd, deadline);
  channel_ = jump_->open_direct_tcpip(address, port, deadline);
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0 ||
      ::pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    throw TransportError(jump.label() + ": cannot create the tunnel's local sockets");
  }
  local_fd_ = pair[0];
  pump_fd_ = pair[1];
  ::fcntl(local_fd_, F_SETFL, O_NONBLOCK);
  ::fcntl(pump_fd_, F_SETFL, O_NONBLOCK);
  thread_ = std::thread([this] { pump(); });
}

JumpTunnel::~JumpTunnel() {
  if (thread_.joinable()) {
    const char byte = 0;
    [[maybe_unused]] auto n = ::write(stop_pipe_[1], &byte, 1);
    thread_.join();
  }
  if (channel_ != nullptr) libssh2_channel_free(channel_);
  for (int fd : {local_fd_, pump_fd_, stop_pipe_[0], stop_pipe_[1]}) {
    if (fd >= 0) ::close(fd);
  }
}

int JumpTunnel::release_local_fd() {
  const int fd = local_fd_;
  local_fd_ = -1;
  return fd;
}

void JumpTunnel::pump() {
  std::string to_host, to_local;
  std::string buf(64 * 1024, '\0');
  bool local_open = true;
  for (;;) {
    bool progress = false;
    if (to_host.empty() && local_open) {
      const ssize_t n = ::read(pump_fd_, buf.data(), buf.size());
      if (n > 0) {
        to_host.assign(buf.data(), static_cast<size_t>(n));
        progress = true;
      } else if (n == 0) {
        local_open = false;
        libssh2_channel_send_eof(channel_);
      }
    }
    if (!to_host.empty()) {
      const ssize_t n = libssh2_channel_write(channel_, to_host.data(), to_host.size());
      if (n > 0) {
        to_host.erase(0, static_cast<size_t>(n));
        progress = true;
      } else if (n != LIBSSH2_ERROR_EAGAIN) {
        break;
      }
    }
    if (to_local.empty()) {
      const ssize_t n = libssh2_channel_read(channel_, buf.data(), buf.size());
      if (n > 0) {
        to_local.assign(buf.data(), static_cast<size_t>(n));
        progress = true;
      } else if ((n < 0 && n != LIBSSH2_ERROR_EAGAIN) || libssh2_channel_eof(channel_)) {
        ::shutdown(pump_fd_, SHUT_WR);  // the target's sshd closed: let its session see EOF
        break;
      }
    }
    if (!to_local.empty()) {
      const ssize_t n = ::write(pump_fd_, to_local.data(), to_local.size());
      if (n > 0) {
        to_local.erase(0, static_cast<size_t>(n));
        progress = true;
      } else if (n < 0 && errno != EAGAIN) {
        break;
      }
    }
    if (progress) continue;
    const int dirs = libssh2_session_block_directions(jump_->raw());
    pollfd p[3] = {
        {stop_pipe_[0], POLLIN, 0},
        {pump_fd_,
         static_cast<short>((to_host.empty() && local_open ? POLLIN : 0) |
                            (to_local.empty() ? 0 : POLLOUT)),
         0},
        {jump_->fd(),
         static_cast<short>(((dirs & LIBSSH2_SESSION_BLOCK_INBOUND) ? POLLIN : 0) |
                            ((dirs & LIBSSH2_SESSION_BLOCK_OUTBOUND) ? POLLOUT : 0)),
         0},
    };
    if (p[2].events == 0) p[2].events = POLLIN;
    ::poll(p, 3, 1000);
    if (p[0].revents != 0) break;
    // Keep the bastion's connection alive while the tunnel idles.
    int next = 0;
    libssh2_keepalive_send(jump_->raw(), &next);
  }
  ::shutdown(pump_fd_, SHUT_RDWR);
}

}  // namespace zkd
