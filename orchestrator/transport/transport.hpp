// Transport: the one seam through which zkdeploy acts on a host (in the style of LevelDB's
// Env). The interface is deliberately small: run a command (argv, optional stdin) and talk to
// a TCP port on the host. File operations (atomic writes, hashes, stat, symlinks) are built on
// it in remote_files.hpp, so a scripted transport for unit tests only implements these two.
// Every failure to reach the host or to complete an operation is a TransportError whose
// message names the host.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zkd {

class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The connection dropped; the operation may or may not have taken effect on the host.
class ConnectionLost : public TransportError {
 public:
  using TransportError::TransportError;
};

class TransportTimeout : public TransportError {
 public:
  using TransportError::TransportError;
};

struct ExecRequest {
  std::vector<std::string> argv;  // quoted by shell_quote(); never interpreted by a shell
  // Sent to the command's stdin one part after another, then EOF: a caller adds its own
  // bytes to a large shared buffer without copying it.
  std::vector<std::string_view> stdin_data;
  // Called as stdin is sent, with the bytes sent so far.
  std::function<void(uint64_t)> on_stdin_progress;
  std::optional<std::chrono::milliseconds> timeout;  // default: the target's command timeout
};

struct ExecResult {
  int exit_status = -1;     // -1 when the command died from a signal
  std::string exit_signal;  // e.g. "KILL" when killed by a signal
  std::string out;
  std::string err;
  bool ok() const { return exit_status == 0; }
};

// An ExecRequest's input walked as one stream, for a transport that sends it in chunks.
class InputCursor {
 public:
  explicit InputCursor(const std::vector<std::string_view>& parts);
  bool done() const { return part_ == parts_.size(); }
  // The contiguous bytes at the cursor, at most `max`; empty once done.
  std::string_view next(size_t max) const;
  void advance(size_t n);                   // n <= next(...).size()
  void finish() { part_ = parts_.size(); }  // the rest is not sent
  uint64_t sent() const { return sent_; }

 private:
  void skip_empty();
  const std::vector<std::string_view>& parts_;
  size_t part_ = 0, offset_ = 0;
  uint64_t sent_ = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;

  // The host, for messages: "name (user@address:port)".
  virtual std::string host_label() const = 0;

  // Runs argv on the host and waits for it; stdout and stderr are collected together, so a
  // command writing megabytes to either cannot stall. A non-zero exit is a result, not an
  // error; failing to run or to finish within the timeout throws TransportError.
  virtual ExecResult exec(const ExecRequest& request) = 0;

  // Opens a TCP connection from the host to address:port (through the SSH connection, so
  // it works wherever SSH does), sends request, and returns everything read until the peer
  // closes. This is how the ZooKeeper four-letter-word probes (ruok, srvr, mntr) travel.
  virtual std::string tcp_exchange(const std::string& address, uint16_t port,
                                   std::string_view request, std::chrono::milliseconds timeout) = 0;
};

// Runs argv and throws TransportError (with the host, command, status and stderr) unless it
// exits 0; returns the result otherwise.
ExecResult exec_checked(Transport& transport, const ExecRequest& request);

// One command that runs `first` (with its stdin) and, only when it exits 0, `then_argv` with
// stdin at EOF; its status is the first failing part's. It saves a command round trip (on a
// busy host, mostly sshd's cost of starting a session command) where two commands always go
// together. The first's words travel as positional arguments, never spliced into a script.
// Its stdout comes before the second's: a first part that prints nothing on success leaves
// the result's `out` to the second.
ExecRequest exec_then(const ExecRequest& first, const std::vector<std::string>& then_argv);

}  // namespace zkd
