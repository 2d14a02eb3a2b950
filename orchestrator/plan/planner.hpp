// make_plan: THE decision of what `apply` does, as a pure function of the desired state
// (inventory + rendered files), the observed state (SSH gather + probes) and the options.
// `plan` prints its result and `apply` executes it, so a dry run cannot drift from a real
// run. No I/O, no clock, no randomness: equal inputs give equal plans.
//
// Per host see host_changes.hpp; per cluster: health (probe/ensemble_health.hpp), membership
// (membership.hpp), order (rollout_order.hpp) and verdict (cluster_safety.hpp). Hosts are
// grouped into clusters by DesiredHost::cluster in order of first appearance; an observed
// host is matched to a desired one by name, and a desired host with no observed match is
// treated as unreachable.
#pragma once

#include <vector>

#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/plan_input.hpp"

namespace zkd {

Plan make_plan(const std::vector<DesiredHost>& desired, const std::vector<ObservedHost>& observed,
               const PlanOptions& options);

}  // namespace zkd
