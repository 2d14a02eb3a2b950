#include "server/ensemble/admin_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "server/net/listener.hpp"
#include "server/util/clock.hpp"

namespace zks::ensemble {
namespace {

std::string reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    default:
      return "Internal Server Error";
  }
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (static_cast<unsigned char>(ch) >= 0x20) out += ch;
  }
  return out + "\"";
}

}  // namespace

AdminHttp::AdminHttp(EventLoop& loop, ReplicatedTxnLog& log, std::string address, int port)
    : loop_(loop), log_(log), address_(std::move(address)), port_(port) {}

AdminHttp::~AdminHttp() {
  for (auto& [fd, _] : conns_) {
    loop_.remove(fd);
    close(fd);
  }
  if (listen_fd_ >= 0) {
    loop_.remove(listen_fd_);
    close(listen_fd_);
  }
}

void AdminHttp::listen() {
  try {
    listen_fd_ = open_listener(address_.empty() ? "0.0.0.0" : address_, port_, 16);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("admin server: ") + e.what());
  }
  loop_.add(listen_fd_, EPOLLIN, [this](uint32_t) { accept_ready(); });
}

void AdminHttp::accept_ready() {
  for (;;) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    conns_[fd] = Conn{};
    loop_.add(fd, EPOLLIN | EPOLLRDHUP, [this, fd](uint32_t) { read_ready(fd); });
  }
}

void AdminHttp::read_ready(int fd) {
  auto it = conns_.find(fd);
  if (it == conns_.end()) return;
  Conn& c = it->second;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) || c.in.size() > 16384) {
    loop_.remove(fd);
    close(fd);
    conns_.erase(it);
    return;
  }
  if (n > 0) c.in.append(buf, static_cast<size_t>(n));
  if (c.waiting || c.in.find("\r\n\r\n") == std::string::npos) return;
  // "GET /commands/name?query HTTP/1.1"
  const size_t sp1 = c.in.find(' ');
  const size_t sp2 = c.in.find(' ', sp1 + 1);
  if (c.in.compare(0, sp1, "GET") != 0 || sp2 == std::string::npos) {
    return respond(fd, 404, R"({"error":"only GET /commands/<name> is served"})");
  }
  handle(fd, c, c.in.substr(sp1 + 1, sp2 - sp1 - 1));
}

void AdminHttp::handle(int fd, Conn& c, const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  const std::string query =
      target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
  const ReplicationStatus st = log_.status();
  if (path == "/commands/leader") {
    return respond(fd, 200,
                   R"({"command":"leader","leader":)" + std::to_string(st.leader) + R"(,"term":)" +
                       std::to_string(st.term) + R"(,"mode":)" + json_string(st.mode) + "}");
  }
  if (path != "/commands/transfer_leadership") {
    return respond(fd, 404, R"({"error":"unknown command )" + path + "\"}");
  }
  raft::NodeId target_id = raft::kNoNode;
  if (query.starts_with("target=")) {
    target_id = std::strtoull(query.c_str() + 7, nullptr, 10);
  } else if (!query.empty()) {
    return respond(fd, 404, R"({"error":"unknown parameter; use ?target=N"})");
  }
  const int64_t now = steady_us();
  ReplicatedTxnLog::TransferStart t = log_.transfer_leadership(target_id);
  if (!t.error.empty()) {
    return respond(fd, 409,
                   R"({"command":"transfer_leadership","leader":)" + std::to_string(st.leader) +
                       R"(,"error":)" + json_string(t.error) + "}");
  }
  c.waiting = true;
  c.old_leader = st.leader;
  c.started_us = now;
  const auto& timing = log_.ensemble().timing;
  c.deadline_us = now + int64_t(timing.election_ticks) * 2 * timing.tick_ms * 1000;
  poll(now);
}

void AdminHttp::poll(int64_t now_us) {
  if (conns_.empty()) return;
  const ReplicationStatus st = log_.status();
  std::vector<std::pair<int, std::pair<int, std::string>>> answers;  // fd, status, body
  for (auto& [fd, c] : conns_) {
    if (!c.waiting) continue;
    const bool moved = st.leader != raft::kNoNode && st.leader != c.old_leader;
    if (!moved && now_us < c.deadline_us) continue;
    const std::string head =
        R"({"command":"transfer_leadership","old_leader":)" + std::to_string(c.old_leader) +
        R"(,"new_leader":)" + std::to_string(moved ? st.leader : c.old_leader) +
        R"(,"elapsed_ms":)" + std::to_string((now_us - c.started_us) / 1000) + R"(,"error":)";
    c.waiting = false;
    answers.push_back({fd,
                       {moved ? 200 : 500,
                        head + (moved ? "null}" : R"("the transfer did not complete in time"})")}});
  }
  for (auto& [fd, answer] : answers) respond(fd, answer.first, answer.second);
}

void AdminHttp::respond(int fd, int status, const std::string& json) {
  const std::string body = json + "\n";
  const std::string out =
      "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  // Small answers fit the socket buffer; the connection closes either way.
  [[maybe_unused]] ssize_t written = write(fd, out.data(), out.size());
  loop_.remove(fd);
  close(fd);
  conns_.erase(fd);
}

}  // namespace zks::ensemble
