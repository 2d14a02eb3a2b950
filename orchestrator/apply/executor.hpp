// The apply executor: turns plans into actions, in two phases, through an ApplyTarget.
//
//   0. Plan (ApplyTarget::replan). No changes: done, nothing touched (exit 0). A refused
//      verdict: refused with every reason, nothing touched (exit 1).
//   1. Lock every changing cluster (all its hosts), then stage every changing host in
//      parallel (release upload, `.next` files): no service impact. Any failure: stop.
//   2. Activate the clusters one after another. Before EVERY destructive step the cluster is
//      re-planned from fresh probes and its verdict checked again; the next step is the
//      first of the new plan's order (stopped servers first, followers, the leader last:
//      rollout_order.hpp), so a host already converged is never touched twice and a
//      second apply finds nothing to do. A step: [transfer] stop → switch
//      release and files → start → wait until ready (readiness.hpp) within the cluster's
//      rollout.health_timeout → record state.json (while the next re-plan probes: neither
//      changes a server; a failed record halts before the next step). A first install
//      (start_together) starts every node at once and waits for a leader and the full quorum.
//   transfer (the leader only, leader_handover.hpp): hand leadership to a caught-up
//   follower first, journalled with its time, or journalled as skipped; a failed transfer
//   is a warning and the leader is restarted without it.
//   Failure stops the line: the failed node is rolled back (stop, previous release and
//   files, start if it ran before, wait), nothing else is touched, exit 1. --no-rollback
//   leaves the node as it is. A rollback is itself a restart: it is skipped (and said so)
//   when the node serves and stopping it would leave fewer healthy voters than a quorum
//   (another member died meanwhile), unless downtime is allowed.
//   An interrupt (the flag, set by SIGINT/SIGTERM) is honoured between steps only, before
//   and after staging and after each re-plan: the node in progress is finished (or rolled
//   back), never left stopped, and no other is begun; exit 130.
//   Locks are released at the end in every case; one that cannot be released fails the run
//   (exit 1), however it went: it would refuse the next apply.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "orchestrator/apply/apply_target.hpp"
#include "orchestrator/apply/step_observer.hpp"
#include "orchestrator/plan/plan_input.hpp"

namespace zkd {

inline constexpr int kApplyOk = 0;
inline constexpr int kApplyFailed = 1;
inline constexpr int kApplyInterrupted = 130;

struct ApplyOptions {
  PlanOptions plan;
  bool rollback = true;
  int forks = 16;
  // Between health probes: a node is seen ready at most this late, and one poll (a few
  // admin words per member, one command) costs far less.
  std::chrono::milliseconds poll_interval{100};
  // Between checks that a started server still runs (a command per host, on the host that
  // is starting): a server that exits is reported within this, not at the health timeout.
  std::chrono::milliseconds exit_check_interval{1000};
};

struct ApplyReport {
  int exit_code = kApplyOk;
  bool changed = false;                // something was staged or activated
  std::vector<std::string> happened;   // what was done or refused, in order, for people
  std::vector<std::string> next;       // what the user should do now
  std::vector<std::string> restarted;  // hosts stopped and started again ("cluster/host")
  std::vector<std::string> started;    // hosts started from stopped
};

class Executor {
 public:
  Executor(ApplyTarget& target, std::vector<StepObserver*> observers, ApplyOptions options,
           const std::atomic<bool>* interrupted);

  ApplyReport run();

 private:
  struct Halt;
  // When the interrupt flag is set: says so and halts the run (exit 130).
  void halt_if_interrupted(const std::string& happened, const std::string& next);
  // A failure no step handled itself (a host lost, a command failed between steps): every
  // step before it finished, so a rerun continues from there. Exit 1.
  void fail(const std::string& what);
  void stage_all(const Plan& plan);
  void activate_cluster(const std::string& name);
  void run_steps(const ClusterPlan& cluster, const std::vector<ActivationStep>& steps);
  void finish_without_restart(const ClusterPlan& cluster);
  void roll_back(const ClusterPlan& cluster, const std::vector<const HostPlan*>& hosts,
                 const std::string& failure);
  std::string rollback_danger(const ClusterPlan& cluster,
                              const std::vector<const HostPlan*>& hosts);
  std::string wait_ready(const ClusterPlan& cluster, const std::vector<const HostPlan*>& hosts);
  void hand_over(const ClusterPlan& cluster, const std::string& leader);
  void record(const std::string& cluster, const std::string& host);
  void record_pending();
  Plan replan_recording(const std::string& name);
  template <typename Fn>
  void step(const StepEvent& event, Fn&& fn);

  ApplyTarget& target_;
  std::vector<StepObserver*> observers_;
  ApplyOptions options_;
  const std::atomic<bool>* interrupted_;
  ApplyReport report_;
  std::vector<std::string> done_;  // "cluster/host" activated by this run
  // (cluster, host) activated, healthy and synced, whose state.json is not written yet.
  std::vector<std::pair<std::string, std::string>> unrecorded_;
};

}  // namespace zkd
