// The re-plan before each activation step, made cheap without a second decision path: the
// same make_plan() as `plan`, fed with fresh probes of every member (the caller's) and file
// state that is fresh where it matters. During a run the cluster is locked and apply changes
// only the host it activates, so the other hosts' files, releases and pids are still what
// the last gather saw; the host about to change, and any host this run touched since, are
// gathered again (the caller may count a host gathered during the previous step's wait, after
// the run last touched it, as fresh).
//
// refresh_plan() makes the plan, and while a host it would change next (next_steps.hpp) has
// file state that is not fresh (`fresh[k]` false), gathers those hosts
// (`gather(ks)` must replace observed[k] for each k, keeping its status) and plans again: at
// most one round per member. A refused verdict is returned at once: the executor halts on it.
// `desired` and `observed` hold one cluster's members in the same order.
#pragma once

#include <functional>
#include <vector>

#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/plan_input.hpp"

namespace zkd {

Plan refresh_plan(const std::vector<DesiredHost>& desired, std::vector<ObservedHost>& observed,
                  std::vector<bool>& fresh, const PlanOptions& options,
                  const std::function<void(const std::vector<size_t>&)>& gather);

}  // namespace zkd
