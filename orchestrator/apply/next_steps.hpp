// What the executor changes next in a cluster, read from a fresh plan (pure). One function,
// so that the executor and the re-plan that prepares its step (refresh_plan.hpp) agree.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/plan/plan.hpp"

namespace zkd {

// The activation steps of the next round: every start at once when the plan starts the
// stopped servers together, else the first step of the order; none when nothing restarts.
std::vector<ActivationStep> next_steps(const ClusterPlan& cluster);

// The hosts the next round touches: those of next_steps(), or when the order is empty every
// host whose files change without a restart.
std::vector<std::string> next_hosts(const ClusterPlan& cluster);

}  // namespace zkd
