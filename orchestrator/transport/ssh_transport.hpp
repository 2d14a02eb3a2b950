// SshTransport: the production Transport. Keeps one persistent SSH session to its host,
// opened on first use (directly or through the target's jump host). A session found dead
// when an operation begins (dropped by the server while idle, a broken network) is replaced
// by a new one and the operation retried once; a connection lost while a command runs is
// reported, never retried, because the command may have taken effect.
// Operations from several threads run one at a time (a libssh2 session serves one caller):
// a caller that needs a host while another operation on it runs waits for that operation.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "orchestrator/transport/jump_tunnel.hpp"
#include "orchestrator/transport/ssh_session.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

class SshTransport : public Transport {
 public:
  explicit SshTransport(SshTarget target);
  ~SshTransport() override;

  // Connects now (otherwise the first operation does); throws TransportError.
  void connect();
  // Closes the session; the next operation reconnects.
  void disconnect();
  // How many sessions this transport has opened (1 plus reconnects).
  int connections_opened() const { return connections_.load(); }

  std::string host_label() const override { return target_.label(); }
  ExecResult exec(const ExecRequest& request) override;
  std::string tcp_exchange(const std::string& address, uint16_t port, std::string_view request,
                           std::chrono::milliseconds timeout) override;

  const SshTarget& target() const { return target_; }

 private:
  // Both with mutex_ held.
  void open();
  void close();
  template <typename Op>
  auto with_session(Op op);

  SshTarget target_;
  std::mutex mutex_;
  std::atomic<int> connections_ = 0;
  std::unique_ptr<JumpTunnel> tunnel_;  // declared first: outlives the session over it
  std::unique_ptr<SshSession> session_;
};

}  // namespace zkd
