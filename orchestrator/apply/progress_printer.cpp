#include "orchestrator/apply/progress_printer.hpp"

#include <cstdio>

namespace zkd {
namespace {

std::string where(const StepEvent& event) {
  if (event.host.empty()) return event.cluster;
  return event.cluster.empty() ? event.host : event.cluster + "/" + event.host;
}

}  // namespace

void ProgressPrinter::begin(const StepEvent& event) {
  const std::lock_guard lock(mutex_);
  out_ << paint("==> " + event.step, Tone::bold, style_) << ' ' << where(event)
       << (event.detail.empty() ? "" : ": " + event.detail) << '\n';
}

void ProgressPrinter::end(const StepEvent& event, const StepOutcome& outcome) {
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", static_cast<double>(outcome.elapsed.count()) / 1000);
  const std::lock_guard lock(mutex_);
  if (outcome.ok) {
    out_ << "    " << paint("ok", Tone::added, style_) << ' ' << event.step << ' ' << where(event)
         << " (" << took << ")\n";
  } else {
    out_ << "    " << paint("FAILED", Tone::removed, style_) << ' ' << event.step << ' '
         << where(event) << " (" << took << "): " << outcome.error << '\n';
  }
  out_.flush();
}

void ProgressPrinter::before_leader_restart(const std::string& cluster, const std::string& host) {
  const std::lock_guard lock(mutex_);
  out_ << "    " << cluster << "/" << host
       << " is the leader: restarted last, after handing leadership over where the server "
          "can\n";
}

}  // namespace zkd
