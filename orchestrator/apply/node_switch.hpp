// Switching one host from its live release and files to the staged ones, and back.
//   activate:  `current` is pointed at releases/<new id> (atomic symlink rename), and each
//              changed file's staged `<path>.next` is renamed over the live file after the
//              live one is kept as `<path>.prev` (a hard link, so the live name never goes
//              missing). Nothing changes unless every file is staged. Call it while the
//              server is stopped (or for files that need no restart).
//   roll_back: the inverse, also after an activation that failed part way or never ran:
//              `current` back to the release it pointed at before (left alone when there
//              was none); each file back from `<path>.prev`, left as it is while its
//              `<path>.next` is still staged (never switched), else removed (it did not
//              exist before).
// Each is one remote command (none when nothing changes); failures throw TransportError.
#pragma once

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/plan/plan.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

void activate_host(Transport& t, const Host& host, const HostPlan& plan);
void roll_back_host(Transport& t, const Host& host, const HostPlan& plan);

}  // namespace zkd
