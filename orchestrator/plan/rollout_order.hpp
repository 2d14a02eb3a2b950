// The order in which one ensemble's servers are started and restarted.
//   Steps, in this order:
//     1. starts of stopped servers (by myid) — they add capacity and never take it away; one
//        at a time, or all together when ClusterPlan::start_together says no quorum can
//        form otherwise (ZooKeeper needs a quorum up to elect a leader; starting one by one
//        would leave each waiting for the next);
//   then one at a time:
//     2. restarts of observers (by myid) — they do not vote, so a bad release or config
//        shows on them first without touching the quorum;
//     3. restarts of followers (by myid);
//     4. the leader, last, so that leadership changes at most once.
//   With no single observed leader, participants restart by myid (the verdict refuses that
//   case unless downtime is allowed).
#pragma once

#include <string_view>
#include <vector>

#include "orchestrator/plan/plan.hpp"

namespace zkd {

// `leader` is the observed leader's host name, empty when there is none.
std::vector<ActivationStep> activation_order(const std::vector<HostPlan>& hosts,
                                             std::string_view leader);

}  // namespace zkd
