#include "server/ensemble/peer_transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "server/ensemble/dynamic_config.hpp"
#include "server/ensemble/peer_admission.hpp"
#include "server/net/listener.hpp"
#include "server/util/clock.hpp"

namespace zks::ensemble {
namespace {

sockaddr_in resolve(const std::string& host, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) == 1) return addr;
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || res == nullptr) {
    throw std::runtime_error("cannot resolve ensemble member host " + host);
  }
  addr.sin_addr = reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr;
  freeaddrinfo(res);
  return addr;
}

void set_nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

const char* channel_name(Channel c) {
  return c == Channel::kQuorum ? "quorum" : "election";
}

}  // namespace

struct PeerTransport::Link {
  raft::NodeId peer = raft::kNoNode;
  bool retired = false;  // the peer left the configuration: close once `out` is written
  Channel channel = Channel::kQuorum;
  sockaddr_in addr{};
  int fd = -1;
  bool connected = false;
  std::string out;
  size_t out_pos = 0;
  int64_t backoff_ms = kMinBackoffMs;
  int64_t next_attempt_ms = 0;
  bool logged_down = false;
};

struct PeerTransport::Inbound {
  Channel channel = Channel::kQuorum;
  raft::NodeId peer = raft::kNoNode;  // known once the hello arrived
  FrameSplitter splitter;
};

PeerTransport::PeerTransport(EventLoop& loop, const EnsembleConfig& config, Handler& handler)
    : loop_(loop), config_(config), handler_(handler) {
  set_members(config.members);
}

void PeerTransport::add_links(const Member& m) {
  for (Channel c : {Channel::kQuorum, Channel::kElection}) {
    auto& link = links_[{m.id, c}];
    if (link && !link->retired) continue;
    if (link) close_link(*link);
    link = std::make_unique<Link>();
    link->peer = m.id;
    link->channel = c;
    link->addr = resolve(m.host, c == Channel::kQuorum ? m.quorum_port : m.election_port);
  }
}

void PeerTransport::close_link(Link& link) {
  if (link.fd < 0) return;
  loop_.remove(link.fd);
  close(link.fd);
  link.fd = -1;
}

void PeerTransport::set_members(std::vector<Member> members, bool open_links, bool announce) {
  members_ = sorted_by_id(std::move(members));
  members_text_.clear();
  for (const auto& m : members_) {
    if (announce) members_text_ += server_line(m) + "\n";
    if (open_links && m.id != config_.my_id) add_links(m);
  }
  for (auto& [key, link] : links_) {
    const raft::NodeId id = key.first;
    const bool member = open_links && std::any_of(members_.begin(), members_.end(),
                                                  [id](const Member& m) { return m.id == id; });
    if (!member && !link->retired) {
      link->retired = true;
      spdlog::info("{} link to server {}: no longer a member, closing", channel_name(link->channel),
                   id);
    }
  }
}

bool PeerTransport::hears_from(raft::NodeId peer) const {
  return std::any_of(inbound_.begin(), inbound_.end(), [peer](const auto& item) {
    return item.second->peer == peer && item.second->channel == Channel::kQuorum;
  });
}

std::string PeerTransport::refusal(const std::optional<HelloBody>& hello, Channel channel) const {
  if (!hello) return "no valid hello";
  const std::string who = "server " + std::to_string(hello->server_id);
  if (hello->server_id == config_.my_id) return who + " is this server's own id";
  if (hello->channel != channel) return who + " meant the other port";
  if (hello->members.empty()) {
    // A member of an ensemble never reconfigured (or an older server): it must be one of ours
    // (or of zoo.cfg's) and its cluster id that of our configuration or of our zoo.cfg.
    const raft::NodeId id = hello->server_id;
    const bool known =
        config_.find(id) ||
        std::any_of(members_.begin(), members_.end(), [id](const Member& m) { return m.id == id; });
    if (known &&
        (hello->cluster_id == cluster_id_of(members_) || hello->cluster_id == config_.cluster_id)) {
      return {};
    }
    return who + " of cluster " + hello->cluster_id + " (this cluster is " +
           cluster_id_of(members_) + ")";
  }
  try {
    const std::string why =
        refuse_peer(members_, hello->server_id, parse_dynamic_config(hello->members, who));
    return why.empty() ? why : who + ": " + why;
  } catch (const ConfigError& e) {
    return who + ": bad member list: " + e.what();
  }
}

PeerTransport::~PeerTransport() {
  close_all();
}

void PeerTransport::listen() {
  const Member& self = config_.self();
  for (Channel c : {Channel::kQuorum, Channel::kElection}) {
    const int port = c == Channel::kQuorum ? self.quorum_port : self.election_port;
    int fd = -1;
    try {
      fd = open_listener(self.host, port, 64);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(std::string(e.what()) + " (" + channel_name(c) + " port of server." +
                               std::to_string(self.id) + ")");
    }
    listen_fds_.push_back(fd);
    loop_.add(fd, EPOLLIN, [this, fd, c](uint32_t) { accept_ready(fd, c); });
  }
}

void PeerTransport::accept_ready(int listen_fd, Channel channel) {
  for (;;) {
    int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    set_nodelay(fd);
    auto in = std::make_unique<Inbound>();
    in->channel = channel;
    inbound_[fd] = std::move(in);
    loop_.add(fd, EPOLLIN | EPOLLRDHUP, [this, fd](uint32_t) { inbound_ready(fd); });
  }
}

void PeerTransport::inbound_ready(int fd) {
  auto it = inbound_.find(fd);
  if (it == inbound_.end()) return;
  Inbound& in = *it->second;
  char buf[65536];
  bool closed = false;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      in.splitter.feed(std::string_view(buf, static_cast<size_t>(n)));
      if (n < static_cast<ssize_t>(sizeof buf)) break;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
    closed = true;
    break;
  }
  std::string error;
  while (auto frame = in.splitter.next(&error)) {
    if (in.peer == raft::kNoNode) {
      auto hello = frame->type == FrameType::kHello ? decode_hello(frame->body) : std::nullopt;
      if (const std::string why = refusal(hello, in.channel); !why.empty()) {
        spdlog::warn("refused a peer connection on the {} port: {}", channel_name(in.channel), why);
        close_inbound(fd);
        return;
      }
      in.peer = hello->server_id;
      redial(in.peer);
      if (in.channel == Channel::kQuorum) handler_.on_peer_joined(in.peer);
      if (!inbound_.contains(fd)) return;
      continue;
    }
    handler_.on_frame(in.peer, std::move(*frame));
    if (!inbound_.contains(fd)) return;
  }
  if (!error.empty()) {
    spdlog::warn("closing the {} connection from server {}: {}", channel_name(in.channel), in.peer,
                 error);
    closed = true;
  }
  if (closed) close_inbound(fd);
}

void PeerTransport::close_inbound(int fd) {
  auto it = inbound_.find(fd);
  if (it == inbound_.end()) return;
  const raft::NodeId peer = it->second->peer;
  const bool quorum = it->second->channel == Channel::kQuorum;
  loop_.remove(fd);
  close(fd);
  inbound_.erase(it);
  if (peer != raft::kNoNode && quorum) handler_.on_peer_closed(peer);
}

void PeerTransport::start_connect(Link& link, int64_t now_ms) {
  link.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (link.fd < 0) {
    link.next_attempt_ms = now_ms + link.backoff_ms;
    return;
  }
  set_nodelay(link.fd);
  link.connected = false;
  link.out = encode_frame(
      FrameType::kHello,
      encode_hello({config_.my_id, link.channel, cluster_id_of(members_), members_text_}));
  link.out_pos = 0;
  int rc = connect(link.fd, reinterpret_cast<sockaddr*>(&link.addr), sizeof link.addr);
  if (rc != 0 && errno != EINPROGRESS) {
    link_failed(link, std::strerror(errno));
    return;
  }
  Link* l = &link;
  loop_.add(link.fd, EPOLLOUT | EPOLLIN | EPOLLRDHUP,
            [this, l](uint32_t ev) { link_event(*l, ev); });
}

void PeerTransport::link_failed(Link& link, const char* why) {
  if (!link.logged_down) {
    spdlog::info("{} link to server {} down: {} (retrying with backoff)",
                 channel_name(link.channel), link.peer, why);
    link.logged_down = true;
  }
  if (link.fd >= 0) {
    loop_.remove(link.fd);
    close(link.fd);
  }
  link.fd = -1;
  link.connected = false;
  link.out.clear();
  link.out_pos = 0;
  link.next_attempt_ms = steady_ms() + link.backoff_ms;
  link.backoff_ms = std::min(link.backoff_ms * 2, kMaxBackoffMs);
}

void PeerTransport::link_event(Link& link, uint32_t events) {
  if (!link.connected && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(link.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return link_failed(link, std::strerror(err));
    link.connected = true;
    link.backoff_ms = kMinBackoffMs;
    if (link.logged_down)
      spdlog::info("{} link to server {} up", channel_name(link.channel), link.peer);
    link.logged_down = false;
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) {
    // Peers never write on our outbound connections: readable means closed.
    char buf[256];
    ssize_t n = read(link.fd, buf, sizeof buf);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      return link_failed(link, n == 0 ? "closed by peer" : std::strerror(errno));
    }
  }
  if (!write_link(link)) return;
  watch_link(link);
}

void PeerTransport::watch_link(Link& link) {
  const uint32_t out = link.out_pos < link.out.size() ? uint32_t{EPOLLOUT} : 0u;
  loop_.modify(link.fd, uint32_t{EPOLLIN} | uint32_t{EPOLLRDHUP} | out);
}

bool PeerTransport::write_link(Link& link) {
  while (link.connected && link.out_pos < link.out.size()) {
    ssize_t n = write(link.fd, link.out.data() + link.out_pos, link.out.size() - link.out_pos);
    if (n > 0) {
      link.out_pos += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
    link_failed(link, std::strerror(errno));
    return false;
  }
  if (link.out_pos == link.out.size()) {
    link.out.clear();
    link.out_pos = 0;
  } else if (link.out_pos > (1u << 20)) {
    link.out.erase(0, link.out_pos);
    link.out_pos = 0;
  }
  return true;
}

bool PeerTransport::send(raft::NodeId to, Channel channel, FrameType type, std::string_view body) {
  auto it = links_.find({to, channel});
  if (it == links_.end()) return false;
  Link& link = *it->second;
  // A removed member still gets what is sent while it leaves (its removal notice).
  if (link.retired && link.fd < 0) return false;
  if (link.fd < 0) {
    if (steady_ms() < link.next_attempt_ms) return false;
    start_connect(link, steady_ms());
    if (link.fd < 0) return false;
  }
  if (link.out.size() - link.out_pos + body.size() > kMaxQueuedBytes) return false;
  link.out += encode_frame(type, body);
  return true;
}

void PeerTransport::redial(raft::NodeId peer) {
  for (Channel channel : {Channel::kQuorum, Channel::kElection}) {
    const auto it = links_.find({peer, channel});
    if (it == links_.end() || it->second->retired || it->second->fd >= 0) continue;
    it->second->backoff_ms = kMinBackoffMs;
    start_connect(*it->second, steady_ms());
  }
}

void PeerTransport::tick(int64_t now_ms) {
  for (auto it = links_.begin(); it != links_.end();) {
    Link& link = *it->second;
    if (link.retired && (link.fd < 0 || link.out_pos == link.out.size())) {
      close_link(link);
      it = links_.erase(it);
      continue;
    }
    if (link.fd < 0 && now_ms >= link.next_attempt_ms && !link.retired) start_connect(link, now_ms);
    ++it;
  }
}

void PeerTransport::flush() {
  for (auto& [_, link] : links_) {
    if (link->fd < 0 || !link->connected || link->out_pos == link->out.size()) continue;
    if (write_link(*link)) watch_link(*link);
  }
}

void PeerTransport::close_all() {
  for (auto& [_, link] : links_) close_link(*link);
  while (!inbound_.empty()) {
    int fd = inbound_.begin()->first;
    loop_.remove(fd);
    close(fd);
    inbound_.erase(inbound_.begin());
  }
  for (int fd : listen_fds_) {
    loop_.remove(fd);
    close(fd);
  }
  listen_fds_.clear();
}

}  // namespace zks::ensemble
