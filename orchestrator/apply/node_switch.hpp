// Switching one host from its live release and files to the staged ones, and back.
//   activate:  `current` is pointed at releases/<new id> (atomic symlink rename), and each
//              changed file's staged `<path>.next` is renamed over the live file after the
//              live one is kept as `<path>.prev` (a hard link, so the live name never goes
//              missing). Call it while the server is stopped (or for files that need no
//              restart).
//   roll_back: the inverse: `current` back to the release it pointed at before (left
//              alone when there was none), each file back from `<path>.prev`, or removed
//              when it did not exist before.
// Each is one remote command (none when nothing changes); failures throw TransportError.
#pragma once

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/plan/plan.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

void activate_host(Transport& t, const Host& host, const HostPlan& plan);
void roll_back_host(Transport& t, const Host& host, const HostPlan& plan);

}  // namespace zkd
