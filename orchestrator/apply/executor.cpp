#include "orchestrator/apply/executor.hpp"

#include <algorithm>
#include <thread>
#include <utility>

#include "orchestrator/apply/leader_handover.hpp"
#include "orchestrator/apply/next_steps.hpp"
#include "orchestrator/apply/readiness.hpp"
#include "orchestrator/transport/fan_out.hpp"

namespace zkd {
namespace {

using Clock = std::chrono::steady_clock;

std::string seconds_text(std::chrono::milliseconds ms) {
  return std::to_string(ms.count() / 1000) + "." + std::to_string(ms.count() % 1000 / 100) + " s";
}

const HostPlan& host_of(const ClusterPlan& cluster, const std::string& name) {
  auto it = std::find_if(cluster.hosts.begin(), cluster.hosts.end(),
                         [&](const HostPlan& h) { return h.name == name; });
  if (it == cluster.hosts.end()) throw std::logic_error("no host " + name + " in the plan");
  return *it;
}

std::string action_detail(const HostPlan& host) {
  return std::string(server_action_name(host.action)) + ": " + host.action_reason;
}

}  // namespace

// Stops the run: the report already says why.
struct Executor::Halt {
  int exit_code;
};

Executor::Executor(ApplyTarget& target, std::vector<StepObserver*> observers, ApplyOptions options,
                   const std::atomic<bool>* interrupted)
    : target_(target),
      observers_(std::move(observers)),
      options_(std::move(options)),
      interrupted_(interrupted) {}

void Executor::halt_if_interrupted(const std::string& happened, const std::string& next) {
  if (interrupted_ == nullptr || !interrupted_->load()) return;
  report_.happened.push_back(happened);
  report_.next.push_back(next);
  throw Halt{kApplyInterrupted};
}

template <typename Fn>
void Executor::step(const StepEvent& event, Fn&& fn) {
  for (StepObserver* o : observers_) o->begin(event);
  const auto t0 = Clock::now();
  StepOutcome outcome;
  try {
    fn();
  } catch (const std::exception& e) {
    outcome.ok = false;
    outcome.error = e.what();
  }
  outcome.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  for (StepObserver* o : observers_) o->end(event, outcome);
  if (!outcome.ok) throw std::runtime_error(outcome.error);
}

ApplyReport Executor::run() {
  report_ = {};
  Plan plan;
  try {
    step({"plan", "", "", "gather every host and plan"}, [&] { plan = target_.plan_run(); });
  } catch (const std::exception& e) {
    fail(std::string("cannot plan: ") + e.what());
    return report_;
  }
  if (!plan.has_changes() && !plan.all_reachable()) {
    // Converged as far as it can see: a host it cannot see may still differ.
    report_.happened.push_back("Cannot tell whether everything converged; nothing was changed:");
    for (const ClusterPlan& cluster : plan.clusters) {
      for (const HostPlan& host : cluster.hosts) {
        if (!host.observed.reachable) {
          report_.happened.push_back("  " + cluster.name + "/" + host.name +
                                     " is unreachable: " + host.observed.error);
        }
      }
    }
    report_.next.push_back(
        "make the hosts above reachable (`zkdeploy ping`), then run apply again");
    report_.exit_code = kApplyFailed;
    return report_;
  }
  if (!plan.has_changes()) {
    report_.happened.push_back("No changes: every host runs the desired release and files.");
    return report_;
  }
  std::vector<const ClusterPlan*> changing;
  for (const ClusterPlan& cluster : plan.clusters) {
    if (cluster.has_changes()) changing.push_back(&cluster);
  }
  std::vector<const ClusterPlan*> locked;
  try {
    for (const ClusterPlan* cluster : changing) {
      std::vector<std::string> refusals;
      step({"lock", cluster->name, "", "take the cluster lock on every host"},
           [&] { refusals = target_.lock(*cluster); });
      if (!refusals.empty()) {
        report_.happened.push_back("Refused: cannot lock cluster " + cluster->name +
                                   "; nothing was changed:");
        for (const std::string& r : refusals) report_.happened.push_back("  " + r);
        report_.next.push_back(
            "wait for the other apply to finish, or remove a stale lock as shown (or make an "
            "unreachable host reachable), then run apply again");
        throw Halt{kApplyFailed};
      }
      locked.push_back(cluster);
    }
    if (!plan.verdict.safe) {
      report_.happened.push_back("Refused: the rollout is not safe now; nothing was changed:");
      for (const std::string& r : plan.verdict.reasons) report_.happened.push_back("  " + r);
      report_.next.push_back(
          "repair the ensemble (see `zkdeploy status`) and run apply again; "
          "--allow-degraded or --allow-downtime accept the risks named above");
      throw Halt{kApplyFailed};
    }
    // During the plan or the lock: staging could take long.
    halt_if_interrupted("Interrupted before staging; nothing was changed.", "run apply again");
    stage_all(plan);
    report_.changed = true;
    for (const ClusterPlan* cluster : changing) activate_cluster(cluster->name);
  } catch (const Halt& halt) {
    report_.exit_code = halt.exit_code;
  } catch (const std::exception& e) {
    fail(std::string("failed: ") + e.what());
  }
  try {
    record_pending();  // interrupted after a step: its hosts are recorded before the exit
  } catch (const std::exception& e) {
    fail(std::string("failed: ") + e.what());
  }
  for (const ClusterPlan* cluster : locked) {
    try {
      step({"unlock", cluster->name, "", "release the cluster lock"},
           [&] { target_.unlock(*cluster); });
    } catch (const std::exception& e) {
      report_.happened.push_back("could not release the lock of " + cluster->name + ": " +
                                 e.what());
      report_.next.push_back("remove " + cluster->name +
                             "'s .zkdeploy/lock on the hosts named above");
      // Converged or not, a lock left behind refuses the next apply: not a success.
      if (report_.exit_code == kApplyOk) report_.exit_code = kApplyFailed;
    }
  }
  return report_;
}

void Executor::fail(const std::string& what) {
  report_.happened.push_back(what);
  const std::string next =
      "fix the problem above (`zkdeploy ping` tests every host's connection), then run apply "
      "again: hosts already converged are skipped";
  if (std::find(report_.next.begin(), report_.next.end(), next) == report_.next.end()) {
    report_.next.push_back(next);
  }
  report_.exit_code = kApplyFailed;
}

void Executor::stage_all(const Plan& plan) {
  std::vector<const HostPlan*> hosts;
  for (const ClusterPlan& cluster : plan.clusters) {
    for (const HostPlan& host : cluster.hosts) {
      if (host.has_changes()) hosts.push_back(&host);
    }
  }
  const auto outcomes = fan_out(hosts.size(), options_.forks, [&](size_t i) {
    const HostPlan& host = *hosts[i];
    const std::string detail =
        host.release && host.release->upload
            ? "upload release " + host.release->to + ", write " +
                  std::to_string(host.files.size()) + " file(s) as .next"
            : "write " + std::to_string(host.files.size()) + " file(s) as .next";
    step({"stage", host.cluster, host.name, detail}, [&] { target_.stage(host); });
  });
  bool failed = false;
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (outcomes[i].ok) continue;
    failed = true;
    report_.happened.push_back("staging " + hosts[i]->name + " failed: " + outcomes[i].error);
  }
  if (failed) {
    report_.happened.push_back("No server was stopped or restarted.");
    report_.next.push_back(
        "fix the problem above and run apply again (staged files wait as "
        "<file>.next and are rewritten)");
    throw Halt{kApplyFailed};
  }
  halt_if_interrupted("Interrupted after staging; no server was stopped or restarted.",
                      "run apply again to continue");
}

void Executor::activate_cluster(const std::string& name) {
  while (true) {
    const Plan plan = replan_recording(name);
    if (plan.clusters.size() != 1) {
      throw std::logic_error("re-plan of " + name + " lost the cluster");
    }
    const ClusterPlan& cluster = plan.clusters.front();
    if (!cluster.verdict.safe) {
      report_.happened.push_back("Halted: cluster " + name +
                                 " is no longer safe to change before its next step:");
      for (const std::string& r : cluster.verdict.reasons) report_.happened.push_back("  " + r);
      report_.next.push_back("repair the ensemble (see `zkdeploy status`), then run apply again");
      throw Halt{kApplyFailed};
    }
    if (cluster.order.empty()) {
      finish_without_restart(cluster);
      return;
    }
    // Checked after the re-plan, right before the step's first change: an interrupt that
    // came while it probed must not start another node.
    halt_if_interrupted("Interrupted: cluster " + name +
                            " stopped between nodes; no server was left stopped by this run.",
                        "run apply again to continue; converged hosts are skipped");
    const std::vector<ActivationStep> steps = next_steps(cluster);
    for (const ActivationStep& s : steps) {
      if (std::find(done_.begin(), done_.end(), name + "/" + s.host) != done_.end()) {
        report_.happened.push_back("Halted: " + s.host + " still differs after it was applied (" +
                                   action_detail(host_of(cluster, s.host)) + ")");
        report_.next.push_back(
            "check whether the server rewrites its own files (e.g. "
            "reconfigEnabled) and run `zkdeploy plan`");
        throw Halt{kApplyFailed};
      }
    }
    run_steps(cluster, steps);
  }
}

void Executor::run_steps(const ClusterPlan& cluster, const std::vector<ActivationStep>& steps) {
  std::vector<const HostPlan*> hosts;
  for (const ActivationStep& s : steps) hosts.push_back(&host_of(cluster, s.host));
  try {
    for (const HostPlan* host : hosts) {
      if (host->action != ServerAction::restart) continue;
      if (host->name == cluster.leader) {
        for (StepObserver* o : observers_) o->before_leader_restart(cluster.name, host->name);
        hand_over(cluster, host->name);
      }
      step({"stop", cluster.name, host->name, action_detail(*host)},
           [&] { target_.stop(host->name); });
    }
    for (const HostPlan* host : hosts) {
      const std::string detail =
          (host->release ? "release -> " + host->release->to + "; " : std::string()) +
          std::to_string(host->files.size()) + " file(s)";
      step({"switch", cluster.name, host->name, detail}, [&] { target_.activate(*host); });
    }
    for (const HostPlan* host : hosts) {
      step({"start", cluster.name, host->name, action_detail(*host)},
           [&] { target_.start(host->name); });
    }
  } catch (const std::exception& e) {
    roll_back(cluster, hosts, e.what());
  }
  if (std::string failure = wait_ready(cluster, hosts); !failure.empty()) {
    roll_back(cluster, hosts, failure);
  }
  for (const HostPlan* host : hosts) {
    const std::string who = cluster.name + "/" + host->name;
    unrecorded_.push_back({cluster.name, host->name});
    done_.push_back(who);
    (host->action == ServerAction::restart ? report_.restarted : report_.started).push_back(who);
    report_.happened.push_back(who + ": " + std::string(server_action_name(host->action)) +
                               "ed, healthy and synced (" + host->action_reason + ")");
  }
}

void Executor::record(const std::string& cluster, const std::string& host) {
  step({"record", cluster, host, "write .zkdeploy/state.json"}, [&] { target_.record(host); });
}

void Executor::record_pending() {
  for (const auto& [cluster, host] : std::exchange(unrecorded_, {})) record(cluster, host);
}

// Neither a record nor a re-plan changes a server, and a record costs a command: the hosts
// the last step activated are recorded while the cluster is probed for its next step.
Plan Executor::replan_recording(const std::string& name) {
  Plan plan;
  const auto replan = [&] {
    step({"plan", name, "", "re-plan from fresh probes"}, [&] { plan = target_.replan(name); });
  };
  if (unrecorded_.empty()) {
    replan();
    return plan;
  }
  const auto outcomes = fan_out(2, 2, [&](size_t job) {
    if (job == 0) {
      replan();
    } else {
      record_pending();
    }
  });
  for (const HostOutcome& o : outcomes) {
    if (!o.ok) throw std::runtime_error(o.error);
  }
  return plan;
}

void Executor::hand_over(const ClusterPlan& cluster, const std::string& leader) {
  const HandoverDecision d = decide_handover(cluster, leader, target_.transfer_unsupported(leader));
  if (d.target == 0) {
    step({"transfer", cluster.name, leader, "skipped: " + d.skip_reason}, [] {});
    return;
  }
  const std::string who = cluster.name + "/" + leader;
  try {
    TransferReply reply;
    step({"transfer", cluster.name, leader,
          "hand leadership to " + d.target_host + " (myid " + std::to_string(d.target) +
              ") before the restart"},
         [&] { reply = target_.transfer_leadership(leader, d.target); });
    report_.happened.push_back(who + ": leadership handed to myid " +
                               std::to_string(reply.new_leader) + " in " +
                               std::to_string(reply.elapsed_ms) + " ms");
  } catch (const std::exception& e) {
    report_.happened.push_back("warning: " + who + ": leadership transfer failed (" + e.what() +
                               "); restarted without it, the ensemble elects a new leader");
  }
}

std::string Executor::wait_ready(const ClusterPlan& cluster,
                                 const std::vector<const HostPlan*>& hosts) {
  std::vector<int64_t> myids;
  std::string names;
  for (const HostPlan* host : hosts) {
    myids.push_back(host->myid);
    names += (names.empty() ? "" : " ") + host->name;
  }
  const auto timeout = cluster.rollout.health_timeout;
  std::string failure;
  try {
    step({"wait", cluster.name, hosts.size() == 1 ? hosts.front()->name : "",
          "until " + names + " healthy and counted synced by the leader (at most " +
              seconds_text(timeout) + ")"},
         [&] {
           const auto deadline = Clock::now() + timeout;
           auto exit_check = Clock::now() + options_.exit_check_interval;
           while (true) {
             const Readiness r =
                 nodes_ready(target_.probe(cluster), myids, options_.plan.allow_degraded);
             if (r.ready) return;
             const bool late = Clock::now() >= deadline;
             if (late || Clock::now() >= exit_check) {
               for (const HostPlan* host : hosts) {
                 if (!target_.running(host->name)) {
                   throw std::runtime_error("the server on " + host->name +
                                            " exited (see logs/server.out under its cluster "
                                            "root); last health: " +
                                            r.reason);
                 }
               }
               exit_check = Clock::now() + options_.exit_check_interval;
             }
             if (late) {
               throw std::runtime_error("not healthy within " + seconds_text(timeout) + ": " +
                                        r.reason);
             }
             std::this_thread::sleep_for(options_.poll_interval);
           }
         });
  } catch (const std::exception& e) {
    failure = e.what();
  }
  return failure;
}

std::string Executor::rollback_danger(const ClusterPlan& cluster,
                                      const std::vector<const HostPlan*>& hosts) {
  if (options_.plan.allow_downtime) return "";
  EnsembleHealth health;
  try {
    health = target_.probe(cluster);
  } catch (const std::exception&) {
    return "";  // nothing answers: a rollback cannot make it worse
  }
  bool serving = false;
  size_t others = 0;
  for (const NodeHealth& node : health.nodes) {
    const bool mine = std::any_of(hosts.begin(), hosts.end(),
                                  [&](const HostPlan* h) { return h->name == node.host; });
    if (mine) serving = serving || node.healthy;
    if (!mine && node.healthy && node.role == MemberRole::participant) ++others;
  }
  if (!serving || others >= health.quorum) return "";
  const bool one = hosts.size() == 1;
  return std::string(one ? "it serves, and stopping it" : "they serve, and stopping them") +
         " now would leave " + counted(others, "healthy voter") + " of the " +
         std::to_string(health.quorum) + " a quorum needs";
}

void Executor::roll_back(const ClusterPlan& cluster, const std::vector<const HostPlan*>& hosts,
                         const std::string& failure) {
  std::string names;
  for (const HostPlan* host : hosts) names += (names.empty() ? "" : ", ") + host->name;
  report_.happened.push_back("FAILED: " + cluster.name + "/" + names + ": " + failure);
  report_.happened.push_back("The rollout stopped here; no other host was touched.");
  if (!options_.rollback) {
    report_.happened.push_back(names +
                               " left as it is (--no-rollback): new release and files, "
                               "server as it came up.");
    report_.next.push_back("inspect " + names +
                           " (logs/ under the cluster root), fix the "
                           "inventory and run apply again");
    throw Halt{kApplyFailed};
  }
  if (std::string danger = rollback_danger(cluster, hosts); !danger.empty()) {
    report_.happened.push_back(names + " NOT rolled back: " + danger);
    report_.next.push_back(
        "bring the missing members back (see `zkdeploy status`), then run "
        "apply again, or fix the inventory first");
    throw Halt{kApplyFailed};
  }
  std::vector<const HostPlan*> restarted;
  try {
    for (const HostPlan* host : hosts) {
      step({"rollback", cluster.name, host->name,
            "back to release " + (host->release ? host->release->from : std::string("(same)")) +
                " and the previous files"},
           [&] {
             target_.stop(host->name);
             target_.roll_back(*host);
             if (host->action == ServerAction::restart) target_.start(host->name);
           });
      if (host->action == ServerAction::restart) restarted.push_back(host);
    }
  } catch (const std::exception& e) {
    report_.happened.push_back("ROLLBACK FAILED: " + std::string(e.what()));
    report_.next.push_back("restore " + names +
                           " by hand: point `current` back at the previous "
                           "release, move each <file>.prev back over <file>, start the "
                           "server and check `zkdeploy status`");
    throw Halt{kApplyFailed};
  }
  if (restarted.empty()) {
    report_.happened.push_back(names + " rolled back (left stopped, as before the apply).");
  } else if (std::string again = wait_ready(cluster, restarted); again.empty()) {
    report_.happened.push_back(names +
                               " rolled back to the previous release and files; healthy "
                               "and synced again.");
  } else {
    report_.happened.push_back(names + " rolled back but not healthy: " + again);
  }
  report_.next.push_back("find why " + names +
                         " did not become healthy (logs/server.out under "
                         "its cluster root), fix the inventory, check `zkdeploy plan`, then run "
                         "apply again");
  throw Halt{kApplyFailed};
}

void Executor::finish_without_restart(const ClusterPlan& cluster) {
  for (const HostPlan& host : cluster.hosts) {
    if (!host.has_changes()) continue;
    step({"switch", cluster.name, host.name,
          std::to_string(host.files.size()) + " file(s), no restart needed"},
         [&] { target_.activate(host); });
    record(cluster.name, host.name);
    report_.happened.push_back(cluster.name + "/" + host.name + ": files updated, no restart");
  }
}

}  // namespace zkd
