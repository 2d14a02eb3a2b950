// SessionTracker: live client sessions, their negotiated timeouts, passwords, authenticated
// ids, the connection currently bound to each, and expiry deadlines. Sessions are created and
// removed only by applied transactions (so every replica agrees); touching and expiry checks
// are local to the serving server.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/jute/archive.hpp"
#include "server/protocol/records.hpp"

namespace zks {

struct Session {
  int64_t id = 0;
  int32_t timeout_ms = 0;
  std::string password;  // 16 bytes
  std::vector<Id> auth;  // ids added by addAuth, plus the client's ip
  uint64_t conn = 0;     // bound connection, 0 when disconnected
  int64_t deadline_ms = 0;
  bool closing = false;  // a closeSession transaction is in flight
};

class SessionTracker {
 public:
  SessionTracker(int64_t server_id, int32_t min_timeout_ms, int32_t max_timeout_ms);

  int32_t negotiate(int32_t requested_ms) const;
  // A fresh id that collides with no live session.
  int64_t next_id(int64_t now_ms);
  static std::string new_password();

  Session& add(int64_t id, int32_t timeout_ms, std::string password, int64_t now_ms);
  void remove(int64_t id);
  Session* find(int64_t id);
  const std::unordered_map<int64_t, Session>& all() const { return sessions_; }
  void touch(Session& s, int64_t now_ms) { s.deadline_ms = now_ms + s.timeout_ms; }
  // Sessions past their deadline and not already closing; marks them closing.
  std::vector<int64_t> expire(int64_t now_ms);
  // Restarts every deadline (after recovery: clients get a full timeout to reconnect).
  void reset_deadlines(int64_t now_ms);

  void serialize(jute::Writer& w) const;
  void deserialize(jute::Reader& r, int64_t now_ms);

 private:
  int64_t server_id_;
  int32_t min_timeout_, max_timeout_;
  int64_t next_ = 0;
  std::unordered_map<int64_t, Session> sessions_;
};

}  // namespace zks
