#include "server/net/client_port.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>

#include "server/net/listener.hpp"
#include "server/util/clock.hpp"

namespace zks {
namespace {

// "ip" and "/ip:port" of a peer address; IPv4-mapped IPv6 addresses are shown as IPv4.
std::pair<std::string, std::string> describe_peer(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {};
  int port = 0;
  if (ss.ss_family == AF_INET) {
    auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
    port = ntohs(a->sin_port);
  } else {
    auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
      inet_ntop(AF_INET, &a->sin6_addr.s6_addr[12], buf, sizeof buf);
    } else {
      inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
    }
    port = ntohs(a->sin6_port);
  }
  return {buf, "/" + std::string(buf) + ":" + std::to_string(port)};
}

}  // namespace

ClientPort::ClientPort(EventLoop& loop, ClientPortOptions options)
    : loop_(loop), options_(std::move(options)) {}

ClientPort::~ClientPort() {
  stop_accepting();
  for (auto& [_, c] : conns_) ::close(c.fd);
}

void ClientPort::listen() {
  listen_fd_ = open_listener(options_.address, options_.port, 1024);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&ss), &len);
  bound_port_ = ss.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port)
                                        : ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  loop_.add(listen_fd_, EPOLLIN, [this](uint32_t) { accept_ready(); });
}

void ClientPort::stop_accepting() {
  if (listen_fd_ < 0) return;
  loop_.remove(listen_fd_);
  ::close(listen_fd_);
  listen_fd_ = -1;
}

void ClientPort::accept_ready() {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd =
        accept4(listen_fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN) spdlog::warn("accept: {}", std::strerror(errno));
      return;
    }
    auto [ip, remote] = describe_peer(ss);
    int& count = per_ip_[ip];
    if (options_.max_per_ip > 0 && count >= options_.max_per_ip) {
      spdlog::warn("Too many connections from {} - max is {}", remote, options_.max_per_ip);
      ::close(fd);
      continue;
    }
    ++count;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    uint64_t id = next_id_++;
    Connection& c = conns_[id];
    c.id = id;
    c.fd = fd;
    c.ip = ip;
    c.remote = remote;
    c.established_ms = wall_ms();
    loop_.add(fd, EPOLLIN, [this, id](uint32_t ev) { on_event(id, ev); });
  }
}

void ClientPort::on_event(uint64_t id, uint32_t events) {
  auto it = conns_.find(id);
  if (it == conns_.end()) return;
  Connection& c = it->second;
  if (events & EPOLLOUT) {
    if (!write_some(c) || (c.closing && c.out.empty())) return destroy(id);
  }
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_ready(c);
}

void ClientPort::read_ready(Connection& c) {
  if (c.closing) {
    char sink[4096];
    if (::read(c.fd, sink, sizeof sink) <= 0) destroy(c.id);
    return;
  }
  char buf[65536];
  ssize_t n = ::read(c.fd, buf, sizeof buf);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return destroy(c.id);
  if (n < 0) return;
  c.in.append(buf, static_cast<size_t>(n));
  size_t pos = 0;
  while (!c.closing && c.in.size() - pos >= 4) {
    if (!c.handshake && c.received == 0 &&
        is_four_letter_word(std::string_view(c.in).substr(0, 4))) {
      std::string word = c.in.substr(0, 4);
      c.received = 1;
      ++received_;
      ServerStats stats = stats_(c.id);
      send(c.id, run_four_letter_word(word, stats, options_.four_letter_words));
      close(c.id);
      c.in.clear();
      return;
    }
    auto* p = reinterpret_cast<const unsigned char*>(c.in.data() + pos);
    int64_t len = int32_t(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]);
    if (len < 0 || len > options_.max_frame) {
      spdlog::warn("closing {}: packet length {} exceeds jute.maxbuffer {}", c.remote, len,
                   options_.max_frame);
      return destroy(c.id);
    }
    if (c.in.size() - pos - 4 < static_cast<size_t>(len)) break;
    std::string_view frame(c.in.data() + pos + 4, static_cast<size_t>(len));
    pos += 4 + static_cast<size_t>(len);
    if (!handle_frame(c, frame)) return destroy(c.id);
  }
  c.in.erase(0, pos);
}

bool ClientPort::handle_frame(Connection& c, std::string_view frame) {
  ++c.received;
  ++received_;
  jute::Reader r(frame);
  try {
    if (!c.handshake) {
      ConnectRequest req = decode_connect(r);
      c.handshake = true;
      processor_->connect(c.id, c.ip, req, steady_ms());
      return true;
    }
    Request req;
    req.xid = r.i32();
    req.op = static_cast<OpCode>(r.i32());
    req.body = decode_body(req.op, r);
    c.last_op = req.op;
    if (req.xid >= 0) c.last_cxid = req.xid;
    processor_->receive(c.id, std::move(req), steady_ms());
    return true;
  } catch (const jute::DecodeError& e) {
    spdlog::warn("closing {}: malformed packet: {}", c.remote, e.what());
    return false;
  }
}

void ClientPort::send(uint64_t conn, std::string packet) {
  auto it = conns_.find(conn);
  if (it == conns_.end() || it->second.closing) return;
  Connection& c = it->second;
  if (c.out.empty()) {
    c.out = std::move(packet);
  } else {
    c.out += packet;
  }
  ++c.sent;
  ++sent_;
  if (!c.dirty) {
    c.dirty = true;
    dirty_.push_back(conn);
  }
}

void ClientPort::close(uint64_t conn) {
  auto it = conns_.find(conn);
  if (it == conns_.end()) return;
  it->second.closing = true;
  if (!it->second.dirty) {
    it->second.dirty = true;
    dirty_.push_back(conn);
  }
}

bool ClientPort::write_some(Connection& c) {
  while (c.out_pos < c.out.size()) {
    ssize_t n = ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_pos += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (!c.want_write) {
        loop_.modify(c.fd, EPOLLIN | EPOLLOUT);
        c.want_write = true;
      }
      return true;
    }
    return false;
  }
  c.out.clear();
  c.out_pos = 0;
  if (c.want_write) {
    loop_.modify(c.fd, EPOLLIN);
    c.want_write = false;
  }
  return true;
}

void ClientPort::flush_writes() {
  std::vector<uint64_t> dirty;
  dirty.swap(dirty_);
  for (uint64_t id : dirty) {
    auto it = conns_.find(id);
    if (it == conns_.end()) continue;
    Connection& c = it->second;
    c.dirty = false;
    if (!write_some(c) || (c.closing && c.out.empty())) destroy(id);
  }
}

bool ClientPort::has_pending_output() const {
  for (const auto& [_, c] : conns_) {
    if (c.out_pos < c.out.size()) return true;
  }
  return false;
}

void ClientPort::close_all() {
  std::vector<uint64_t> ids;
  for (const auto& [id, _] : conns_) ids.push_back(id);
  for (uint64_t id : ids) destroy(id);
}

size_t ClientPort::close_sessions() {
  std::vector<uint64_t> ids;
  for (const auto& [id, c] : conns_) {
    if (c.handshake) ids.push_back(id);
  }
  for (uint64_t id : ids) destroy(id);
  return ids.size();
}

void ClientPort::destroy(uint64_t id) {
  auto it = conns_.find(id);
  if (it == conns_.end()) return;
  Connection& c = it->second;
  loop_.remove(c.fd);
  ::close(c.fd);
  if (auto ip = per_ip_.find(c.ip); ip != per_ip_.end() && --ip->second <= 0) per_ip_.erase(ip);
  bool had_session = c.handshake;
  conns_.erase(it);
  if (had_session && processor_) processor_->disconnected(id);
}

std::vector<ConnectionStats> ClientPort::connection_stats(uint64_t asking) const {
  std::vector<ConnectionStats> out;
  for (const auto& [id, c] : conns_) {
    ConnectionStats s;
    s.remote = c.remote;
    s.idle = id == asking;
    s.received = c.received;
    s.sent = c.sent;
    s.established_ms = c.established_ms;
    s.last_cxid = c.last_cxid;
    if (processor_ && c.handshake) s.session = processor_->session_of(id);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace zks
