// JumpTunnel: reaches a host through a bastion. It connects to the jump host, opens a
// direct-tcpip channel from there to the target's sshd, and pumps bytes between that
// channel and one end of a local socketpair; the target's SshSession runs over the other
// end, so host key checks and authentication happen end to end with the target.
// The pump runs on its own thread, which alone uses the jump session after construction.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "orchestrator/transport/deadline.hpp"
#include "orchestrator/transport/ssh_session.hpp"

namespace zkd {

class JumpTunnel {
 public:
  JumpTunnel(const SshTarget& jump, const std::string& address, uint16_t port,
             const Deadline& deadline);
  ~JumpTunnel();
  JumpTunnel(const JumpTunnel&) = delete;
  JumpTunnel& operator=(const JumpTunnel&) = delete;

  // The local end for the target's session; the caller takes ownership.
  int release_local_fd();
  // The TCP connection to the jump host, which the tunnel's bytes travel over.
  int network_fd() const { return jump_->fd(); }

 private:
  void pump();

  std::unique_ptr<SshSession> jump_;
  LIBSSH2_CHANNEL* channel_ = nullptr;
  int local_fd_ = -1;  // handed to the target's session
  int pump_fd_ = -1;   // our end of the socketpair
  int stop_pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace zkd
