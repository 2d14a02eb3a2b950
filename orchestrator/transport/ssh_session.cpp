#include "orchestrator/transport/ssh_session.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>

#include "orchestrator/transport/host_key_check.hpp"
#include "orchestrator/transport/shell_quote.hpp"
#include "orchestrator/transport/ssh_auth.hpp"
#include "orchestrator/transport/tcp_rtt.hpp"

namespace zkd {
namespace {

// One SSH packet's worth (what sshd sends at most), on the stack: a heap buffer this size
// would be zeroed and page-faulted in on every command.
using ReadBuffer = std::array<char, 32 * 1024>;

// Host key algorithms in the order we ask for them: ed25519 first, matching what
// known_hosts files usually hold (libssh2 would otherwise pick ecdsa first).
constexpr const char* kHostKeyPref =
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,ssh-rsa";

bool is_connection_error(int rc) {
  return rc == LIBSSH2_ERROR_SOCKET_SEND || rc == LIBSSH2_ERROR_SOCKET_RECV ||
         rc == LIBSSH2_ERROR_SOCKET_DISCONNECT || rc == LIBSSH2_ERROR_SOCKET_NONE ||
         rc == LIBSSH2_ERROR_BAD_SOCKET;
}

}  // namespace

void ssh_library_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (libssh2_init(0) != 0) throw TransportError("cannot initialise libssh2");
  });
}

int connect_tcp(const std::string& address, uint16_t port, const Deadline& deadline,
                const std::string& label) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int gai = ::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (gai != 0) {
    throw TransportError(label + ": cannot resolve " + address + ": " + ::gai_strerror(gai));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  std::string why = "no address";
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, static_cast<int>(deadline.left().count()));
      if (rc == 0) {
        ::close(fd);
        throw TransportTimeout(label + ": connecting to " + address + ":" + std::to_string(port) +
                               " timed out after " + deadline.describe());
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      errno = err;
      rc = err == 0 ? 0 : -1;
    }
    if (rc == 0) {
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return fd;
    }
    why = std::strerror(errno);
    ::close(fd);
  }
  throw TransportError(label + ": cannot connect to " + address + ":" + std::to_string(port) +
                       ": " + why);
}

unsigned long input_pacing_for(const char* banner, std::optional<uint32_t> rtt_us) {
  // OpenSSH's sshd holds a channel's received-but-unconsumed input in one buffer that grows
  // by reallocation and copying, packet by packet, up to the whole window (2 MB): sent as
  // fast as the window allows, a release cost sshd more CPU than anything else in staging
  // (and under a busy host's memory pressure, page faults on every reallocation). Pacing
  // keeps that buffer small. It is safe only with a server known to return window credit
  // before the cap is reached: sshd adjusts once more than three packets (3 x 32 KB) are
  // unacknowledged and some input was consumed. Other servers get the whole window.
  // A cap also bounds the rate to cap / round trip: only a connection whose round trip
  // still allows 100 MB/s (2.6 ms: a LAN) is paced; a longer or unknown one gets the whole
  // window. Through a jump host, the connection to the jump host stands for the path.
  constexpr unsigned long kCap = 256 * 1024;
  constexpr uint64_t kMinRate = 100'000'000;  // bytes per second
  constexpr std::string_view kOpenSsh = "SSH-2.0-OpenSSH_";
  if (banner == nullptr || !std::string_view(banner).starts_with(kOpenSsh) || !rtt_us) return 0;
  return uint64_t{*rtt_us} * kMinRate <= uint64_t{kCap} * 1'000'000 ? kCap : 0;
}

SshSession::SshSession(const SshTarget& target, int fd, const Deadline& deadline, int path_fd)
    : target_(target), fd_(fd), path_fd_(path_fd < 0 ? fd : path_fd) {
  ssh_library_init();
  session_ = libssh2_session_init();
  if (session_ == nullptr) {
    ::close(fd_);
    throw TransportError(target_.label() + ": cannot allocate an SSH session");
  }
  try {
    libssh2_session_set_blocking(session_, 0);
    libssh2_session_method_pref(session_, LIBSSH2_METHOD_HOSTKEY, kHostKeyPref);
    const int rc =
        retry([&] { return libssh2_session_handshake(session_, fd_); }, deadline, "SSH handshake");
    if (rc != 0) fail(rc, "SSH handshake");
    verify_host_key(session_, target_);
    authenticate(session_, target_, [&](const std::function<int()>& op) {
      return retry(op, deadline, "authentication");
    });
    libssh2_keepalive_config(
        session_, 0,
        static_cast<unsigned>(std::max<int64_t>(1, target_.keepalive_interval.count() / 1000)));
  } catch (...) {
    libssh2_session_free(session_);
    ::close(fd_);
    throw;
  }
}

SshSession::~SshSession() {
  // Bounded goodbye: a dead peer must not hold up teardown.
  libssh2_session_set_blocking(session_, 1);
  libssh2_session_set_timeout(session_, 1000);
  libssh2_session_disconnect(session_, "bye");
  libssh2_session_free(session_);
  ::close(fd_);
}

void SshSession::wait(const Deadline& deadline, const std::string& what) {
  if (deadline.expired()) {
    throw TransportTimeout(target_.label() + ": " + what + " timed out after " +
                           deadline.describe());
  }
  const int dirs = libssh2_session_block_directions(session_);
  pollfd p{fd_, 0, 0};
  if (dirs & LIBSSH2_SESSION_BLOCK_INBOUND) p.events |= POLLIN;
  if (dirs & LIBSSH2_SESSION_BLOCK_OUTBOUND) p.events |= POLLOUT;
  // With no direction recorded, libssh2 waits on nothing in particular: look again soon.
  const auto cap = p.events == 0 ? std::chrono::milliseconds(10) : std::chrono::milliseconds(1000);
  if (p.events == 0) p.events = POLLIN;
  ::poll(&p, 1, static_cast<int>(std::min(deadline.left(), cap).count()) + 1);
}

int SshSession::retry(const std::function<int()>& op, const Deadline& deadline,
                      const std::string& what) {
  for (;;) {
    const int rc = op();
    if (rc != LIBSSH2_ERROR_EAGAIN) return rc;
    wait(deadline, what);
  }
}

void SshSession::fail(int rc, const std::string& what) {
  char* msg = nullptr;
  libssh2_session_last_error(session_, &msg, nullptr, 0);
  const std::string text = target_.label() + ": " + what +
                           " failed: " + (msg && *msg ? msg : "error " + std::to_string(rc));
  if (is_connection_error(rc)) throw ConnectionLost(text + " (connection lost)");
  if (rc == LIBSSH2_ERROR_TIMEOUT) throw TransportTimeout(text);
  throw TransportError(text);
}

void SshSession::keepalive() {
  int next = 0;
  const int rc = libssh2_keepalive_send(session_, &next);
  if (rc == 0 || rc == LIBSSH2_ERROR_EAGAIN) return;
  try {
    fail(rc, "keepalive");
  } catch (const ConnectionLost& e) {
    throw SessionStale(e.what());  // called before an operation starts: nothing ran yet
  }
}

LIBSSH2_CHANNEL* SshSession::open_channel(const std::function<LIBSSH2_CHANNEL*()>& open,
                                          const Deadline& deadline, const std::string& what) {
  for (;;) {
    LIBSSH2_CHANNEL* channel = open();
    if (channel != nullptr) return channel;
    const int rc = libssh2_session_last_errno(session_);
    if (rc == LIBSSH2_ERROR_EAGAIN) {
      wait(deadline, what);
      continue;
    }
    try {
      fail(rc, what);
    } catch (const ConnectionLost& e) {
      throw SessionStale(e.what());
    }
  }
}

void SshSession::close_channel(LIBSSH2_CHANNEL* channel, const Deadline& deadline,
                               const std::string& what) {
  // The exit status arrives before the host closes the channel. A connection that fails
  // here may have lost it (libssh2 would then report 0), so the outcome is unknown: fail.
  int rc = retry([&] { return libssh2_channel_close(channel); }, deadline, what);
  if (rc == 0) rc = retry([&] { return libssh2_channel_wait_closed(channel); }, deadline, what);
  if (rc != 0) fail(rc, "finishing " + what);
}

ExecResult SshSession::exec(const ExecRequest& request) {
  const std::string command = shell_quote(request.argv);
  const std::string what = "command " + describe_command(request.argv);
  const Deadline deadline(request.timeout.value_or(target_.command_timeout));
  keepalive();
  LIBSSH2_CHANNEL* channel = open_channel(
      [&] {
        return libssh2_channel_open_ex(session_, "session", sizeof "session" - 1,
                                       LIBSSH2_CHANNEL_WINDOW_DEFAULT,
                                       LIBSSH2_CHANNEL_PACKET_DEFAULT, nullptr, 0);
      },
      deadline, what);
  std::unique_ptr<LIBSSH2_CHANNEL, void (*)(LIBSSH2_CHANNEL*)> guard(
      channel, [](LIBSSH2_CHANNEL* c) { libssh2_channel_free(c); });
  int rc = retry([&] { return libssh2_channel_exec(channel, command.c_str()); }, deadline, what);
  if (rc != 0) fail(rc, "starting " + what);

  // The window the host granted at the start (libssh2 keeps no initial window for a channel
  // it opened): what is missing from it later, the host has received but not yet consumed.
  const unsigned long window = libssh2_channel_window_write_ex(channel, nullptr);
  InputCursor input(request.stdin_data);
  const unsigned long cap = input.done() ? 0
                                         : input_pacing_for(libssh2_session_banner_get(session_),
                                                            tcp_min_rtt_us(path_fd_));
  const auto may_send = [&] {
    if (cap == 0) return true;
    const unsigned long left = libssh2_channel_window_write_ex(channel, nullptr);
    return left >= window || window - left < cap;
  };
  ExecResult result;
  bool eof_sent = false;
  ReadBuffer buf;
  for (;;) {
    bool progress = false;
    bool held_back = false;  // input waits for the host to consume what it has
    if (input.done()) {
      if (!eof_sent) {
        rc = libssh2_channel_send_eof(channel);
        if (rc == 0) {
          eof_sent = true;
          progress = true;
        } else if (rc != LIBSSH2_ERROR_EAGAIN) {
          fail(rc, "closing input of " + what);
        }
      }
    } else if (!may_send()) {
      held_back = true;
    } else {
      const std::string_view chunk = input.next(1 << 20);
      const ssize_t n = libssh2_channel_write(channel, chunk.data(), chunk.size());
      if (n > 0) {
        input.advance(static_cast<size_t>(n));
        progress = true;
        if (request.on_stdin_progress) request.on_stdin_progress(input.sent());
      } else if (n != LIBSSH2_ERROR_EAGAIN) {
        // A command that exits without reading all its input is not an error; a lost
        // connection is.
        if (is_connection_error(static_cast<int>(n)) || !libssh2_channel_eof(channel)) {
          fail(static_cast<int>(n), "sending input to " + what);
        }
        input.finish();
        eof_sent = true;
      }
    }
    for (int stream : {0, SSH_EXTENDED_DATA_STDERR}) {
      std::string& sink = stream == 0 ? result.out : result.err;
      for (;;) {
        const ssize_t n = libssh2_channel_read_ex(channel, stream, buf.data(), buf.size());
        if (n > 0) {
          sink.append(buf.data(), static_cast<size_t>(n));
          progress = true;
          continue;
        }
        if (n < 0 && n != LIBSSH2_ERROR_EAGAIN)
          fail(static_cast<int>(n), "reading output of " + what);
        break;
      }
    }
    if (libssh2_channel_eof(channel)) break;
    // Reading may have taken in the window adjust that held-back input waits for.
    if (!progress && !(held_back && may_send())) wait(deadline, what);
  }
  close_channel(channel, deadline, what);
  result.exit_status = libssh2_channel_get_exit_status(channel);
  char* signal = nullptr;
  libssh2_channel_get_exit_signal(channel, &signal, nullptr, nullptr, nullptr, nullptr, nullptr);
  if (signal != nullptr) {
    result.exit_signal = signal;
    result.exit_status = -1;
    libssh2_free(session_, signal);
  }
  return result;
}

LIBSSH2_CHANNEL* SshSession::open_direct_tcpip(const std::string& address, uint16_t port,
                                               const Deadline& deadline) {
  keepalive();
  return open_channel(
      [&] {
        return libssh2_channel_direct_tcpip_ex(session_, address.c_str(), port, "127.0.0.1", 22);
      },
      deadline, "opening a TCP channel to " + address + ":" + std::to_string(port));
}

std::string SshSession::tcp_exchange(const std::string& address, uint16_t port,
                                     std::string_view request, const Deadline& deadline) {
  const std::string what = "TCP exchange with " + address + ":" + std::to_string(port);
  LIBSSH2_CHANNEL* channel = open_direct_tcpip(address, port, deadline);
  std::unique_ptr<LIBSSH2_CHANNEL, void (*)(LIBSSH2_CHANNEL*)> guard(
      channel, [](LIBSSH2_CHANNEL* c) { libssh2_channel_free(c); });
  size_t sent = 0;
  std::string reply;
  ReadBuffer buf;
  for (;;) {
    bool progress = false;
    if (sent < request.size()) {
      const ssize_t n =
          libssh2_channel_write(channel, request.data() + sent, request.size() - sent);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        progress = true;
      } else if (n != LIBSSH2_ERROR_EAGAIN) {
        fail(static_cast<int>(n), "sending to " + address + ":" + std::to_string(port));
      }
    }
    const ssize_t n = libssh2_channel_read(channel, buf.data(), buf.size());
    if (n > 0) {
      reply.append(buf.data(), static_cast<size_t>(n));
      progress = true;
    } else if (n < 0 && n != LIBSSH2_ERROR_EAGAIN) {
      fail(static_cast<int>(n), what);
    }
    if (libssh2_channel_eof(channel)) break;
    if (!progress) wait(deadline, what);
  }
  close_channel(channel, deadline, what);
  return reply;
}

}  // namespace zkd
