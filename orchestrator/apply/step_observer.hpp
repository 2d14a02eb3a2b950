// What an apply run tells the world about its steps: every step (lock, stage, stop, switch,
// start, wait, rollback, record, unlock, refuse) begins and ends through this interface,
// which the journal, the progress printer and tests implement. before_leader_restart is
// called before the leader's "transfer" step (leader_handover.hpp) and its restart.
// Observers are called from the thread running the step; staging runs hosts in parallel,
// so implementations must be thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace zkd {

struct StepEvent {
  std::string step;     // "stage", "stop", "switch", "start", "wait", "rollback", ...
  std::string cluster;  // empty for run-wide steps
  std::string host;     // empty for cluster-wide steps
  std::string detail;   // what is done and why, for people
};

struct StepOutcome {
  bool ok = true;
  std::string error;  // when !ok
  std::chrono::milliseconds elapsed{0};
};

class StepObserver {
 public:
  virtual ~StepObserver() = default;
  virtual void begin(const StepEvent& event) = 0;
  virtual void end(const StepEvent& event, const StepOutcome& outcome) = 0;
  // Called before the leader `host` of `cluster` is stopped.
  virtual void before_leader_restart(const std::string& cluster, const std::string& host) {
    (void)cluster;
    (void)host;
  }
};

}  // namespace zkd
