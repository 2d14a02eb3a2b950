// The server's clocks in the units its data uses. Znode times (ctime, mtime) and session ids
// are wall-clock milliseconds, as in ZooKeeper; every timeout and deadline uses the monotonic
// clock, so a wall-clock step never expires sessions or stalls timers.
#pragma once

#include <chrono>
#include <cstdint>

namespace zks {

inline int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline int64_t steady_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline int64_t steady_ms() {
  return steady_us() / 1000;
}

}  // namespace zks
