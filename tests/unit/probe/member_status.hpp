// Test fixtures for ensemble health: ServerStatus values as the probes would build them for
// a serving follower or a leader, and a 3-participant ensemble zk1..zk3 (myid 1..3).
#pragma once

#include <cstdint>
#include <vector>

#include "orchestrator/probe/ensemble_health.hpp"

namespace zkd::test {

inline ServerStatus serving(ServerMode mode, uint64_t zxid) {
  ServerStatus s;
  s.answered = s.imok = s.serving = true;
  s.mode = mode;
  s.zxid = zxid;
  return s;
}

inline ServerStatus leader(uint64_t zxid, int64_t synced_followers) {
  ServerStatus s = serving(ServerMode::leader, zxid);
  s.synced_followers = synced_followers;
  s.synced_observers = 0;
  s.pending_syncs = 0;
  return s;
}

inline std::vector<MemberProbe> trio(ServerStatus a, ServerStatus b, ServerStatus c) {
  return {{"zk1", 1, MemberRole::participant, std::move(a)},
          {"zk2", 2, MemberRole::participant, std::move(b)},
          {"zk3", 3, MemberRole::participant, std::move(c)}};
}

}  // namespace zkd::test
