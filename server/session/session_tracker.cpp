#include "server/session/session_tracker.hpp"

#include <algorithm>
#include <random>

#include "server/protocol/opcodes.hpp"

namespace zks {

SessionTracker::SessionTracker(int64_t server_id, int32_t min_timeout_ms, int32_t max_timeout_ms)
    : server_id_(server_id), min_timeout_(min_timeout_ms), max_timeout_(max_timeout_ms) {}

int32_t SessionTracker::negotiate(int32_t requested_ms) const {
  return std::clamp(requested_ms, min_timeout_, max_timeout_);
}

int64_t SessionTracker::next_id(int64_t now_ms) {
  // ZooKeeper's layout: server id in the top byte, a time-seeded counter below.
  if (next_ == 0) {
    next_ = static_cast<int64_t>((static_cast<uint64_t>(now_ms) << 24) >> 8) | (server_id_ & 0xff)
                                                                                   << 56;
  }
  int64_t id;
  do {
    id = next_++;
  } while (id == 0 || id == kContainerOwner || sessions_.contains(id));
  return id;
}

std::string SessionTracker::new_password() {
  std::random_device rd;
  std::string p(16, '\0');
  for (auto& c : p) c = static_cast<char>(rd() & 0xff);
  return p;
}

Session& SessionTracker::add(int64_t id, int32_t timeout_ms, std::string password, int64_t now_ms) {
  Session& s = sessions_[id];
  s.id = id;
  s.timeout_ms = timeout_ms;
  s.password = std::move(password);
  touch(s, now_ms);
  return s;
}

void SessionTracker::remove(int64_t id) {
  sessions_.erase(id);
}

Session* SessionTracker::find(int64_t id) {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : &it->second;
}

std::vector<int64_t> SessionTracker::expire(int64_t now_ms) {
  std::vector<int64_t> out;
  for (auto& [id, s] : sessions_) {
    if (!s.closing && s.deadline_ms <= now_ms) {
      s.closing = true;
      out.push_back(id);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void SessionTracker::reset_deadlines(int64_t now_ms) {
  for (auto& [_, s] : sessions_) touch(s, now_ms);
}

void SessionTracker::serialize(jute::Writer& w) const {
  w.i32(static_cast<int32_t>(sessions_.size()));
  for (const auto& [id, s] : sessions_) {
    w.i64(id);
    w.i32(s.timeout_ms);
    w.buffer(s.password);
  }
}

void SessionTracker::deserialize(jute::Reader& r, int64_t now_ms) {
  sessions_.clear();
  int32_t n = r.count(16);
  for (int32_t i = 0; i < n; ++i) {
    int64_t id = r.i64();
    int32_t timeout = r.i32();
    add(id, timeout, r.buffer(), now_ms);
  }
}

}  // namespace zks
