// When a started or restarted node counts as back (pure; used by the executor's health wait).
//
// Ready when every node in `myids` is healthy (probe/ensemble_health.hpp: imok, serving,
// mode fits its role, one leader agreed, zxid within max_zxid_lag of the leader's) AND the
// leader counts it as synced. The leader's mntr gives counts, not names, so "synced" is:
//   - normally: the count is whole (zk_synced_followers = voters - 1, every observer synced,
//     nothing pending) — after one restart that can only hold once this node is back;
//   - with allow_degraded: the leader counts at least as many synced followers as there are
//     healthy voters besides itself (the missing ones are the degraded members).
// Lag under write load: a follower always trails the leader by the transactions in flight.
// Probes sample the leader first and the followers after it (ApplyTarget::probe), so a
// follower that keeps up reports a zxid at or past the leader's sampled one and
// max_zxid_lag 0 does not refuse a healthy ensemble that is busy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "orchestrator/probe/ensemble_health.hpp"

namespace zkd {

struct Readiness {
  bool ready = false;
  std::string reason;  // why not yet; empty when ready
};

Readiness nodes_ready(const EnsembleHealth& health, const std::vector<int64_t>& myids,
                      bool allow_degraded);

}  // namespace zkd
