// SshSession: one authenticated libssh2 connection to one host, driven in non-blocking mode
// so that every step honours a deadline and stdout/stderr are read together.
// Opening the session verifies the host key (host_key_check.hpp) and authenticates
// (ssh_auth.hpp). A session is used by one thread at a time.
#pragma once

#include <libssh2.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "orchestrator/transport/deadline.hpp"
#include "orchestrator/transport/ssh_target.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

// Initialises libssh2 once per process (thread-safe; the first call does the work).
void ssh_library_init();

// The session was already dead when an operation began: nothing ran on the host, so the
// operation may safely be retried on a new connection.
class SessionStale : public ConnectionLost {
 public:
  using ConnectionLost::ConnectionLost;
};

// A TCP connection to address:port within the deadline; the socket is non-blocking.
// Throws TransportError (refused, unreachable, timed out) naming `label`.
int connect_tcp(const std::string& address, uint16_t port, const Deadline& deadline,
                const std::string& label);

// How many bytes of a command's stdin may be in flight (sent, not yet consumed by the
// command as the server's window adjusts tell), for a server that sent `banner` over a TCP
// connection with round-trip time `rtt_us` (nullopt: not known); 0: no limit but the window.
unsigned long input_pacing_for(const char* banner, std::optional<uint32_t> rtt_us);

class SshSession {
 public:
  // Takes ownership of fd, a connected stream to the host's sshd (a TCP socket or one end of
  // a tunnel). Handshake, host key check and authentication must finish by the deadline.
  // `path_fd`, when fd is a tunnel's end, is the TCP connection the tunnel runs over (not
  // owned; it must outlive the session): its round trip stands for the session's.
  SshSession(const SshTarget& target, int fd, const Deadline& deadline, int path_fd = -1);
  ~SshSession();
  SshSession(const SshSession&) = delete;
  SshSession& operator=(const SshSession&) = delete;

  ExecResult exec(const ExecRequest& request);
  std::string tcp_exchange(const std::string& address, uint16_t port, std::string_view request,
                           const Deadline& deadline);

  // A direct-tcpip channel from the host to address:port (for tunnels). Throws on failure.
  LIBSSH2_CHANNEL* open_direct_tcpip(const std::string& address, uint16_t port,
                                     const Deadline& deadline);

  // Sends a keepalive if the keepalive interval has passed since the last one. Called
  // before an operation starts; a dead connection then throws SessionStale.
  void keepalive();

  // Waits until the socket is ready in the direction libssh2 is blocked on.
  void wait(const Deadline& deadline, const std::string& what);

  LIBSSH2_SESSION* raw() const { return session_; }
  int fd() const { return fd_; }
  const SshTarget& target() const { return target_; }

 private:
  // Calls op until it stops returning EAGAIN; returns its final result.
  int retry(const std::function<int()>& op, const Deadline& deadline, const std::string& what);
  [[noreturn]] void fail(int rc, const std::string& what);
  LIBSSH2_CHANNEL* open_channel(const std::function<LIBSSH2_CHANNEL*()>& open,
                                const Deadline& deadline, const std::string& what);
  void close_channel(LIBSSH2_CHANNEL* channel, const Deadline& deadline, const std::string& what);

  SshTarget target_;
  int fd_;
  int path_fd_;  // the TCP connection whose round trip decides input pacing
  LIBSSH2_SESSION* session_ = nullptr;
};

}  // namespace zkd
