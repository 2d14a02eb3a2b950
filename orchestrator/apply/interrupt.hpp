// Ctrl-C for apply: SIGINT and SIGTERM only set a flag, which the executor reads between
// steps, so the node in progress is always finished (or rolled back) and never left
// stopped. Further signals are absorbed the same way: the run ends at the next safe point.
#pragma once

#include <atomic>

namespace zkd {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& install_interrupt_flag();

}  // namespace zkd
