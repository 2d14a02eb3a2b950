// The `zkdeploy status` table, per cluster: host, myid, mode, zxid, lag behind the leader,
// connections, outstanding requests, current release, drift (whether apply would change
// anything on the host) and health with its reason. Built from a Plan, so status and plan
// can never disagree on drift. Pure: Plan in, text out.
#pragma once

#include <string>

#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/text_style.hpp"

namespace zkd {

std::string render_status(const Plan& plan, const PrintStyle& style);

}  // namespace zkd
