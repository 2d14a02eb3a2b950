#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {

SshTransport::SshTransport(SshTarget target) : target_(std::move(target)) {}

SshTransport::~SshTransport() {
  close();
}

void SshTransport::disconnect() {
  const std::lock_guard lock(mutex_);
  close();
}

void SshTransport::connect() {
  const std::lock_guard lock(mutex_);
  open();
}

void SshTransport::close() {
  session_.reset();
  tunnel_.reset();
}

void SshTransport::open() {
  close();
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
  const std::lock_guard lock(mutex_);
  if (!session_) open();
  try {
    return op(*session_);
  } catch (const SessionStale&) {
    open();
    return op(*session_);
  } catch (const ConnectionLost&) {
    close();  // the next operation starts on a fresh session
    throw;
  } catch (const TransportTimeout&) {
    close();  // a channel may be left mid-stream: do not reuse the session
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
