#include "tests/unit/apply/simulated_target.hpp"

#include <mutex>
#include <stdexcept>

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/plan/planner.hpp"

namespace zkd::test {

SimulatedTarget::SimulatedTarget(Fleet f, int leader, PlanOptions options)
    : fleet(std::move(f)), leader_(leader), options_(options) {}

void SimulatedTarget::note(const std::string& op, const std::string& host, bool hook) {
  const std::string call = host.empty() ? op : op + " " + host;
  {
    const std::lock_guard lock(calls_mutex_);
    calls.push_back(call);
  }
  if (hook && on_call) on_call(call);
}

std::vector<std::string> SimulatedTarget::hosts_of(const std::string& op) const {
  std::vector<std::string> hosts;
  for (const std::string& call : calls) {
    if (call.starts_with(op + " ")) hosts.push_back(call.substr(op.size() + 1));
  }
  return hosts;
}

int SimulatedTarget::myid_of(const std::string& host) const {
  for (const DesiredHost& d : fleet.desired) {
    if (d.name == host) return static_cast<int>(d.myid);
  }
  throw std::logic_error("no host " + host);
}

void SimulatedTarget::reelect() {
  // Servers serve only while a majority of the voters runs.
  size_t voters = 0, running = 0;
  for (size_t i = 0; i < fleet.desired.size(); ++i) {
    if (fleet.desired[i].role != MemberRole::participant) continue;
    ++voters;
    running += fleet.observed[i].server_pid.has_value();
  }
  for (ObservedHost& o : fleet.observed) {
    if (!o.server_pid || (never_healthy.contains(o.name) && activated_.contains(o.name))) continue;
    if (2 * running > voters) {
      o.status.serving = true;  // elect() below gives it its mode
    } else {
      o.status = ServerStatus{};
      o.status.answered = o.status.imok = true;
      o.status.problems = {"This ZooKeeper instance is not currently serving requests"};
    }
  }
  if (!fleet.have(leader_).server_pid) {
    for (const ObservedHost& o : fleet.observed) {
      if (o.server_pid && o.status.serving) {
        leader_ = myid_of(o.name);
        break;
      }
    }
  }
  fleet.elect(leader_);
  // The leader counts only the followers that serve.
  int64_t synced = 0;
  for (const ObservedHost& o : fleet.observed) synced += o.status.mode == ServerMode::follower;
  if (fleet.have(leader_).status.synced_followers) {
    fleet.have(leader_).status.synced_followers = synced;
  }
}

Plan SimulatedTarget::replan(const std::string& cluster) {
  note("replan", cluster);
  return make_plan(fleet.desired, fleet.observed, options_);
}

EnsembleHealth SimulatedTarget::probe(const ClusterPlan&) {
  std::vector<MemberProbe> members;
  for (size_t i = 0; i < fleet.desired.size(); ++i) {
    const DesiredHost& d = fleet.desired[i];
    members.push_back({d.name, d.myid, d.role, fleet.observed[i].status});
  }
  return evaluate_health(members, HealthPolicy{fleet.desired.front().rollout.max_zxid_lag});
}

std::vector<std::string> SimulatedTarget::lock(const ClusterPlan& cluster) {
  note("lock", cluster.name);
  return lock_refusal;
}

void SimulatedTarget::unlock(const ClusterPlan& cluster) {
  note("unlock", cluster.name);
}

void SimulatedTarget::stage(const HostPlan& host) {
  note("stage", host.name, false);  // in parallel: without the hook, which needs no lock
}

void SimulatedTarget::stop(const std::string& host) {
  fleet.stop(myid_of(host));
  reelect();
  note("stop", host);
}

void SimulatedTarget::start(const std::string& host) {
  ObservedHost& have = fleet.have(myid_of(host));
  have.server_pid = 5000 + myid_of(host);
  have.status = ServerStatus{};
  if (exits_on_start.contains(host) && activated_.contains(host)) {
    have.server_pid.reset();
    have.status.problems = {"connection refused"};
  } else if (never_healthy.contains(host) && activated_.contains(host)) {
    have.status.problems = {"connection refused"};
  } else {
    have.status.serving = true;
    reelect();
  }
  note("start", host);
}

bool SimulatedTarget::running(const std::string& host) {
  return fleet.have(myid_of(host)).server_pid.has_value();
}

void SimulatedTarget::activate(const HostPlan& host) {
  const int myid = myid_of(host.name);
  ObservedHost& have = fleet.have(myid);
  before_[host.name] = have;
  for (const ManagedFile& file : fleet.want(myid).files) {
    have.files[file.path] =
        ObservedFile{true, sha256_hex(file.content), file.content, file.display, file.mode};
  }
  have.current_release = release_id(fleet.want(myid).release.sha256);
  activated_.insert(host.name);
  note("activate", host.name);
}

void SimulatedTarget::roll_back(const HostPlan& host) {
  if (activated_.erase(host.name) != 0) {  // else the step failed before its switch
    ObservedHost& have = fleet.have(myid_of(host.name));
    have.files = before_.at(host.name).files;
    have.current_release = before_.at(host.name).current_release;
  }
  note("roll_back", host.name);
}

void SimulatedTarget::record(const std::string& host) {
  note("record", host);
}

}  // namespace zkd::test
