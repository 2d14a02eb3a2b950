// How a cluster's rollout is paced and judged: shared by the inventory (which reads it from
// `rollout:`) and the planner (which carries it per desired host), so both speak of one type.
#pragma once

#include <chrono>
#include <cstdint>

namespace zkd {

struct RolloutPolicy {
  std::chrono::milliseconds health_timeout{60'000};  // how long to wait for a node's health
  std::uint64_t max_zxid_lag = 0;  // transactions a healthy node may trail the leader
};

}  // namespace zkd
