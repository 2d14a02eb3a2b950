// SimulatedTarget: an ApplyTarget over an in-memory ensemble (tests/unit/plan/fleet.hpp) for
// unit tests of the executor. Plans come from the real make_plan() over the fleet; stop,
// activate, start and roll_back change the fleet the way the real hosts would (servers serve
// while a majority of the voters runs; a stopped leader hands leadership to the lowest
// running voter; roll_back undoes the host's activate, if any, as the real switch command
// does); every call is recorded as "<op> <host>" in `calls`. Faults are scripted: hosts that never
// become healthy, a lock held by someone else, and `on_call`, run after each recorded call but
// stage's (on the calling thread: a record's runs beside the re-plan that follows its step).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "orchestrator/apply/apply_target.hpp"
#include "orchestrator/apply/executor.hpp"
#include "tests/unit/plan/fleet.hpp"

namespace zkd::test {

class SimulatedTarget : public ApplyTarget {
 public:
  SimulatedTarget(Fleet fleet, int leader, PlanOptions options = {});

  Fleet fleet;
  std::vector<std::string> calls;
  std::set<std::string> never_healthy;    // starts with the new files, but never serves
  std::set<std::string> exits_on_start;   // with the new files, the server exits at once
  std::vector<std::string> lock_refusal;  // returned by lock() when not empty
  std::function<void(const std::string& call)> on_call;

  // The recorded calls of one kind ("stop"), as host names.
  std::vector<std::string> hosts_of(const std::string& op) const;

  Plan replan(const std::string& cluster) override;
  EnsembleHealth probe(const ClusterPlan& cluster) override;
  std::vector<std::string> lock(const ClusterPlan& cluster) override;
  void unlock(const ClusterPlan& cluster) override;
  void stage(const HostPlan& host) override;
  void stop(const std::string& host) override;
  void start(const std::string& host) override;
  bool running(const std::string& host) override;
  void activate(const HostPlan& host) override;
  void roll_back(const HostPlan& host) override;
  void record(const std::string& host) override;

 private:
  void note(const std::string& op, const std::string& host, bool hook = true);
  int myid_of(const std::string& host) const;
  void reelect();

  std::mutex calls_mutex_;  // record() runs beside replan(); stage() beside itself
  int leader_;
  PlanOptions options_;
  std::map<std::string, ObservedHost> before_;  // state kept for roll_back
  std::set<std::string> activated_;
};

// Executor options for a simulated ensemble, which is ready at once: a 1 ms poll.
inline ApplyOptions fast(bool rollback = true) {
  ApplyOptions options;
  options.rollback = rollback;
  options.poll_interval = std::chrono::milliseconds(1);
  return options;
}

}  // namespace zkd::test
