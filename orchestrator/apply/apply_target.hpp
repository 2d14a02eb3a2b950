// ApplyTarget: the seam between the executor (executor.hpp, which decides the sequence) and
// the hosts (which it changes). Production: SshApplyTarget (ssh_apply_target.hpp), one SSH
// session per host kept for the whole run. Tests: a scripted target that records calls and
// plays plans and health, or a wrapper that injects faults around the real one.
// Hosts are named by inventory host name. Every operation throws (TransportError or
// std::runtime_error, naming the host) when it fails. Calls come from one thread at a time,
// except stage() (in parallel for distinct hosts) and record(), which may run while
// replan() runs on another thread (a re-plan's probe of the recorded host then waits for the
// record, or goes first).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "orchestrator/apply/leader_handover.hpp"
#include "orchestrator/plan/plan.hpp"
#include "orchestrator/probe/ensemble_health.hpp"

namespace zkd {

class ApplyTarget {
 public:
  virtual ~ApplyTarget() = default;

  // Gathers the hosts (files, release, pid, lock, probes) and makes the plan with
  // make_plan(), the decision `plan` prints. This run's own lock is not counted as another
  // apply's. `cluster` empty: every cluster (at the start of the run, and for the final
  // state); else only that cluster's hosts, before an activation step. Every host is probed
  // afresh; file state may be reused for hosts this run has not changed since they were
  // gathered, but the hosts a cluster's plan changes next must have been gathered during
  // the previous step at the earliest (refresh_plan.hpp).
  virtual Plan replan(const std::string& cluster) = 0;
  // The run's first plan: replan("") unless the target can tell more cheaply that nothing
  // changes. Plan::has_changes() reads files, releases and pids only, so a target may plan
  // without probes first and probe only when something changes (the probes decide the
  // verdict, which a run without changes never consults).
  virtual Plan plan_run() { return replan(""); }
  // The cluster's health now, every follower's zxid sampled after the leader's.
  virtual EnsembleHealth probe(const ClusterPlan& cluster) = 0;

  // Takes the lock on every host of the cluster; on refusal releases what it took and
  // returns one message per host where another holder was found (empty: locked).
  virtual std::vector<std::string> lock(const ClusterPlan& cluster) = 0;
  virtual void unlock(const ClusterPlan& cluster) = 0;

  virtual void stage(const HostPlan& host) = 0;     // stage_host.hpp
  virtual void stop(const std::string& host) = 0;   // service_control.hpp
  virtual void start(const std::string& host) = 0;  // service_control.hpp
  virtual bool running(const std::string& host) = 0;
  virtual void activate(const HostPlan& host) = 0;   // node_switch.hpp
  virtual void roll_back(const HostPlan& host) = 0;  // node_switch.hpp
  virtual void record(const std::string& host) = 0;  // host_state.hpp

  // Why the server on `host` cannot hand over leadership (leader_handover.hpp); empty when
  // it can. By default no server can.
  virtual std::string transfer_unsupported(const std::string& host) {
    return "the server on " + host + " offers no leadership transfer";
  }
  // Asks the leader `host` to hand leadership to server `target` and waits for the answer.
  // Called only when transfer_unsupported(host) is empty.
  virtual TransferReply transfer_leadership(const std::string& host, int64_t target) {
    (void)target;
    throw std::logic_error("no leadership transfer on " + host);
  }
};

}  // namespace zkd
