// The safety verdict for one ensemble's part of a plan: safe, or refused with every reason.
//
// Always refused:
//   - a host that could not be gathered (nothing is known about it);
//   - the cluster lock held on any host (another apply is running), naming the holder;
//   - a host where something answers on the client port although no server started by
//     zkdeploy runs (starting ours would clash with it);
//   - a membership change outside a first install (adding, removing or replacing servers
//     needs one-voter-at-a-time reconfiguration, which is not supported yet);
//   - an upload to a host whose install root has less than the release size plus
//     kDiskHeadroomBytes free.
// When the plan restarts at least one running server (outside a first install), also:
//   - 1- or 2-voter ensembles: any restart loses the quorum → refused unless allow_downtime;
//   - no single leader → refused;
//   - without allow_degraded: every member (voters and observers) must be healthy and the
//     leader must count every follower and observer synced;
//   - with allow_degraded: for every voter restarted, the healthy voters other than it must
//     still number at least the quorum, and the leader must count at least a quorum of synced
//     followers (counts are not names: the restarted voter may be one of them).
//   allow_downtime lifts all of these restart rules (the user accepts unavailability).
// Starts of stopped servers and file writes without restart never need the ensemble healthy.
#pragma once

#include <cstdint>
#include <vector>

#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/plan_input.hpp"
#include "orchestrator/probe/ensemble_health.hpp"

namespace zkd {

inline constexpr uint64_t kDiskHeadroomBytes = 64ull << 20;

// `observed[i]` belongs to `cluster.hosts[i]`, null when not gathered.
Verdict judge_cluster(const ClusterPlan& cluster, const std::vector<const ObservedHost*>& observed,
                      const EnsembleHealth& health, const PlanOptions& options);

}  // namespace zkd
