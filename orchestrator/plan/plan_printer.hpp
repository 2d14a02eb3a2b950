// The plan as people read it (`zkdeploy plan`), Terraform style: per cluster a header, per
// changed host its release switch, file changes with unified diffs of the masked forms and
// the server action with its reason, the activation order, membership changes and the
// verdict with every reason; then the summary line ("Plan: 1 to add, 2 to change, 2 to
// restart." or "No changes."). Pure: Plan in, text out. Secrets never appear: only masked
// display forms are printed.
#pragma once

#include <string>

#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/text_style.hpp"

namespace zkd {

std::string render_plan(const Plan& plan, const PrintStyle& style);

}  // namespace zkd
