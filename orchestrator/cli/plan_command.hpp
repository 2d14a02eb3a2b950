// The body of `zkdeploy plan`, shared with `zkdeploy apply --dry-run` so that the dry run
// prints exactly what `plan` prints, with the same exit codes (0 nothing to do, 2 changes
// pending, 1 error).
#pragma once

#include "orchestrator/cli/command.hpp"
#include "orchestrator/cli/inventory_run.hpp"

namespace zkd {

int run_plan(const InventoryRunOptions& opts, const GlobalOptions& options);

}  // namespace zkd
