// Prints an apply run's steps to a stream as they happen (stderr in the CLI), one line when
// a step begins and one when it ends with its duration, so a person watching sees which
// node is being worked on. Thread-safe (staging runs hosts in parallel).
#pragma once

#include <mutex>
#include <ostream>

#include "orchestrator/apply/step_observer.hpp"
#include "orchestrator/plan/text_style.hpp"

namespace zkd {

class ProgressPrinter : public StepObserver {
 public:
  ProgressPrinter(std::ostream& out, PrintStyle style) : out_(out), style_(style) {}
  void begin(const StepEvent& event) override;
  void end(const StepEvent& event, const StepOutcome& outcome) override;
  void before_leader_restart(const std::string& cluster, const std::string& host) override;

 private:
  std::ostream& out_;
  PrintStyle style_;
  std::mutex mutex_;
};

}  // namespace zkd
