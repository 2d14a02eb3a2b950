#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {

SshTransport::SshTransport(SshTarget target) : target_(std::move(target)) {}

SshTransport::~SshTransport() {
  disconnect();
}

void SshTransport::disconnect() {
  session_.reset();
  tunnel_.reset();
}

void SshTransport::connect() {
  disconnect();
  const Deadline deadline(target_.connect_timeout);
  int fd = -1, path_fd = -1;
  if (target_.jump) {
    tunnel_ = std::make_unique<JumpTunnel>(*target_.jump, target_.address, target_.port, deadline);
    fd = tunnel_->release_local_fd();
    path_fd = tunnel_->network_fd();
  } else {
    fd = connect_tcp(target_.address, target_.port, deadline, target_.label());
  }
  session_ = std::make_unique<SshSession>(target_, fd, deadline, path_fd);
  ++connections_;
}

template <typename Op>
auto SshTransport::with_session(Op op) {
  if (!session_) connect();
  try {
    return op(*session_);
  } catch (const SessionStale&) {
    connect();
    return op(*session_);
  } catch (const ConnectionLost&) {
    disconnect();  // the next operation starts on a fresh session
    throw;
  } catch (const TransportTimeout&) {
    disconnect();  // a channel may be left mid-stream: do not reuse the session
    throw;
  }
}

ExecResult SshTransport::exec(const ExecRequest& request) {
  return with_session([&](SshSession& s) { return s.exec(request); });
}

std::string SshTransport::tcp_exchange(const std::string& address, uint16_t port,
                                       std::string_view request,
                                       std::chrono::milliseconds timeout) {
  return with_session(
      [&](SshSession& s) { return s.tcp_exchange(address, port, request, Deadline(timeout)); });
}

}  // namespace zkd
