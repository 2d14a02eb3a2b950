#include "orchestrator/apply/interrupt.hpp"

#include <signal.h>

namespace zkd {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_signal(int) {
  g_interrupted.store(true);
}

}  // namespace

const std::atomic<bool>& install_interrupt_flag() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  return g_interrupted;
}

}  // namespace zkd
