#include "orchestrator/apply/ssh_apply_target.hpp"

#include <signal.h>

#include <algorithm>
#include <stdexcept>

#include "orchestrator/apply/host_lock.hpp"
#include "orchestrator/apply/node_switch.hpp"
#include "orchestrator/apply/refresh_plan.hpp"
#include "orchestrator/apply/stage_host.hpp"
#include "orchestrator/gather/cluster_gather.hpp"
#include "orchestrator/plan/planner.hpp"
#include "orchestrator/state/artifact_digest.hpp"
#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/inventory_target.hpp"
#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {
namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

SshApplyTarget::SshApplyTarget(const InventoryPlan& prepared, RunIdentity run, PlanOptions options,
                               int forks)
    : prepared_(prepared), run_(std::move(run)), options_(options), forks_(forks) {
  inventory_.path = prepared.inventory.path.string();
  inventory_.sha256 = sha256_file(prepared.inventory.path);
  const auto& hosts = prepared.rendered.hosts;
  known_.resize(hosts.size());
  for (size_t i = 0; i < hosts.size(); ++i) {
    by_name_.emplace(hosts[i].host->name, i);
    // Created here, connected on first use: jobs on several threads only look them up.
    transports_.push_back(std::make_unique<SshTransport>(ssh_target_for(*hosts[i].host)));
    services_.push_back(make_service_control(*hosts[i].host));
  }
}

SshApplyTarget::~SshApplyTarget() = default;

size_t SshApplyTarget::index_of(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) throw std::logic_error("no host " + name + " in the inventory");
  return it->second;
}

std::vector<size_t> SshApplyTarget::cluster_hosts(const std::string& cluster) const {
  std::vector<size_t> which;
  for (size_t i = 0; i < prepared_.rendered.hosts.size(); ++i) {
    if (cluster.empty() || host(i).cluster == cluster) which.push_back(i);
  }
  return which;
}

bool SshApplyTarget::prefetch_pending(size_t i) const {
  return !expected_next_.empty() && host(i).name == expected_next_ && prefetched_ != expected_next_;
}

void SshApplyTarget::hide_own_lock(ObservedHost& observed) const {
  if (observed.lock_holder == run_.holder()) observed.lock_holder.reset();
}

void SshApplyTarget::forget(size_t i) {
  known_[i].reset();
  last_round_.reset();  // one member's change moves the others' status too
}

void SshApplyTarget::remember(size_t i, const ObservedHost& observed) {
  if (observed.reachable) {
    known_[i] = observed;
  } else {
    known_[i].reset();
  }
}

Plan SshApplyTarget::replan(const std::string& cluster) {
  const std::vector<size_t> which = cluster_hosts(cluster);
  std::vector<DesiredHost> desired;
  for (size_t i : which) desired.push_back(prepared_.desired[i]);
  const TransportFor transport_for = [&](size_t i) -> Transport& { return transport(i); };
  // One round: every host's probes, and the files of the hosts whose state this run does
  // not know and of the host the last re-plan named after its next step (most likely the
  // next one now: gathered here, it needs no second round), unless the wait's first probes
  // gathered that host already (then it counts as fresh too).
  std::vector<bool> gather(which.size(), false), fresh(which.size(), false);
  for (size_t k = 0; k < which.size(); ++k) {
    const std::string& name = host(which[k]).name;
    const bool next = name == expected_next_;
    gather[k] = !known_[which[k]] || (next && name != prefetched_);
    fresh[k] = gather[k] || next;
  }
  const auto probed_at = Clock::now();
  std::vector<ObservedHost> observed = gather_hosts(
      prepared_.rendered, which, forks_, transport_for, [&](size_t k) { return gather[k]; });
  last_round_ = ProbeRound{probed_at, {}};
  for (size_t k = 0; k < which.size(); ++k) {
    last_round_->status.emplace(which[k], observed[k].status);
    if (gather[k]) {
      hide_own_lock(observed[k]);
      remember(which[k], observed[k]);
    } else {
      ServerStatus status = std::move(observed[k].status);
      observed[k] = *known_[which[k]];
      observed[k].status = std::move(status);
    }
  }
  if (cluster.empty()) return make_plan(desired, observed, options_);
  Plan plan = refresh_plan(desired, observed, fresh, options_, [&](const std::vector<size_t>& ks) {
    std::vector<size_t> hosts;
    for (size_t k : ks) hosts.push_back(which[k]);
    std::vector<ObservedHost> files =
        gather_files(prepared_.rendered, hosts, forks_, transport_for);
    for (size_t j = 0; j < ks.size(); ++j) {
      hide_own_lock(files[j]);
      remember(hosts[j], files[j]);
      files[j].status = std::move(observed[ks[j]].status);
      observed[ks[j]] = std::move(files[j]);
    }
  });
  expected_next_.clear();
  prefetched_.clear();
  if (plan.clusters.size() == 1 && !plan.clusters.front().start_together &&
      plan.clusters.front().order.size() > 1) {
    expected_next_ = plan.clusters.front().order[1].host;
  }
  return plan;
}

Plan SshApplyTarget::plan_run() {
  const std::vector<size_t> all = cluster_hosts("");
  const TransportFor transport_for = [&](size_t i) -> Transport& { return transport(i); };
  std::vector<ObservedHost> observed = gather_files(prepared_.rendered, all, forks_, transport_for);
  for (size_t k = 0; k < all.size(); ++k) {
    hide_own_lock(observed[k]);
    remember(all[k], observed[k]);
  }
  Plan plan = make_plan(prepared_.desired, observed, options_);
  if (!plan.has_changes()) return plan;
  // The verdict needs the servers' word: probe the hosts that answered (a host that did not
  // is not tried twice; the verdict refuses it either way).
  std::vector<size_t> up, where;
  for (size_t k = 0; k < all.size(); ++k) {
    if (observed[k].reachable) {
      up.push_back(all[k]);
      where.push_back(k);
    }
  }
  std::vector<ServerStatus> statuses = probe_hosts(prepared_.rendered, up, forks_, transport_for);
  for (size_t j = 0; j < up.size(); ++j) observed[where[j]].status = std::move(statuses[j]);
  plan = make_plan(prepared_.desired, observed, options_);
  // The first activation re-plan gathers its step's host with the probes, in one round.
  const auto first = std::find_if(plan.clusters.begin(), plan.clusters.end(),
                                  [](const ClusterPlan& c) { return c.has_changes(); });
  if (first != plan.clusters.end() && !first->start_together && !first->order.empty()) {
    expected_next_ = first->order.front().host;
  }
  return plan;
}

Plan SshApplyTarget::final_state() {
  constexpr auto kFresh = std::chrono::seconds(1);
  if (!last_round_ || last_round_->status.size() != known_.size() ||
      Clock::now() - last_round_->at > kFresh) {
    return replan("");
  }
  std::vector<ObservedHost> observed;
  for (size_t i = 0; i < known_.size(); ++i) {
    if (!known_[i]) return replan("");  // its files are needed too: one round for all
    observed.push_back(*known_[i]);
    observed.back().status = last_round_->status.at(i);
  }
  return make_plan(prepared_.desired, observed, options_);
}

EnsembleHealth SshApplyTarget::probe(const ClusterPlan& cluster) {
  // The probes alone: a re-plan of the cluster would cost one command per host more at
  // every poll. A probe round also gathers the files of the hosts whose state this run does
  // not know (the hosts just started: the first round after their start) and of the host
  // the last re-plan named next: while the servers restart and resync, so that the re-plan
  // before the next step needs only the probes.
  const std::vector<size_t> which = cluster_hosts(cluster.name);
  std::vector<bool> prefetch(which.size());
  for (size_t k = 0; k < which.size(); ++k) {
    prefetch[k] = !known_[which[k]] || prefetch_pending(which[k]);
  }
  std::vector<ObservedHost> observed = gather_hosts(
      prepared_.rendered, which, forks_, [&](size_t i) -> Transport& { return transport(i); },
      [&](size_t k) { return prefetch[k]; });
  std::vector<MemberProbe> members;
  for (size_t k = 0; k < which.size(); ++k) {
    if (prefetch[k]) {
      if (host(which[k]).name == expected_next_) prefetched_ = expected_next_;
      if (observed[k].reachable) {
        hide_own_lock(observed[k]);
        remember(which[k], observed[k]);
      } else {
        known_[which[k]].reset();
      }
    }
    const DesiredHost& d = prepared_.desired[which[k]];
    members.push_back({d.name, d.myid, d.role, std::move(observed[k].status)});
  }
  return evaluate_health(members, HealthPolicy{cluster.rollout.max_zxid_lag});
}

std::vector<std::string> SshApplyTarget::lock(const ClusterPlan& cluster) {
  const std::vector<size_t> which = cluster_hosts(cluster.name);
  const std::string mine = run_.holder();
  std::vector<std::optional<std::string>> held(which.size());
  const auto outcomes = fan_out(which.size(), forks_, [&](size_t k) {
    held[k] = acquire_lock(transport(which[k]), host(which[k]).cluster_root(), mine);
  });
  std::vector<std::string> refusals;
  for (size_t k = 0; k < which.size(); ++k) {
    const Host& h = host(which[k]);
    if (!outcomes[k].ok) {
      refusals.push_back(h.name + ": cannot take the lock: " + outcomes[k].error);
    } else if (held[k]) {
      const std::string login = h.ssh.user + "@" + h.address + " -p " + std::to_string(h.ssh.port);
      refusals.push_back(
          lock_refusal(*held[k], login, lock_path(h.cluster_root()), run_,
                       [](long pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }));
    }
  }
  if (!refusals.empty()) unlock(cluster);
  return refusals;
}

void SshApplyTarget::unlock(const ClusterPlan& cluster) {
  const std::vector<size_t> which = cluster_hosts(cluster.name);
  const std::string mine = run_.holder();
  const auto outcomes = fan_out(which.size(), forks_, [&](size_t k) {
    release_lock(transport(which[k]), host(which[k]).cluster_root(), mine);
  });
  for (const HostOutcome& o : outcomes) {
    if (!o.ok) throw TransportError(o.error);
  }
}

// Runs in parallel for distinct hosts: only the host the first re-plan will name (read-only
// while staging) touches prefetched_.
void SshApplyTarget::stage(const HostPlan& plan) {
  const size_t i = index_of(plan.name);
  if (plan.name == expected_next_) {
    const GatherSpec spec = gather_spec_for(prepared_.rendered.hosts[i]);
    ObservedHost observed =
        *stage_host(transport(i), host(i), plan, prepared_.desired[i], uploads_, &spec);
    hide_own_lock(observed);
    remember(i, observed);
    prefetched_ = expected_next_;
    return;
  }
  stage_host(transport(i), host(i), plan, prepared_.desired[i], uploads_);
  if (known_[i] && plan.release && plan.release->upload) {
    known_[i]->releases.push_back(plan.release->to);
  }
}

void SshApplyTarget::stop(const std::string& name) {
  const size_t i = index_of(name);
  forget(i);
  services_[i]->stop(transport(i));
}

void SshApplyTarget::start(const std::string& name) {
  const size_t i = index_of(name);
  forget(i);
  services_[i]->start(transport(i));
}

bool SshApplyTarget::running(const std::string& name) {
  const size_t i = index_of(name);
  return services_[i]->running(transport(i));
}

void SshApplyTarget::activate(const HostPlan& plan) {
  const size_t i = index_of(plan.name);
  forget(i);
  activate_host(transport(i), host(i), plan);
}

void SshApplyTarget::roll_back(const HostPlan& plan) {
  const size_t i = index_of(plan.name);
  forget(i);
  roll_back_host(transport(i), host(i), plan);
}

// May run beside replan(): it touches nothing but the host's transport, which runs one
// operation at a time.
void SshApplyTarget::record(const std::string& name) {
  const size_t i = index_of(name);
  record_host_state(transport(i), host(i), host_state_json(prepared_.desired[i], run_, inventory_));
}

// The desired configuration decides: a leader still running an older zoo.cfg without the
// admin port refuses the connection, and the executor then restarts it without transfer.
std::string SshApplyTarget::transfer_unsupported(const std::string& name) {
  const Host& h = host(index_of(name));
  if (h.artifact.kind != ArtifactKind::zkserver) {
    return "Apache ZooKeeper offers no leadership transfer";
  }
  if (!h.config.contains("admin.serverPort")) return "admin.serverPort is not set on " + name;
  return "";
}

TransferReply SshApplyTarget::transfer_leadership(const std::string& name, int64_t target) {
  const size_t i = index_of(name);
  last_round_.reset();
  const Host& h = host(i);
  const auto address = h.config.find("admin.serverAddress");
  const uint16_t port = static_cast<uint16_t>(std::stoi(h.config.at("admin.serverPort").value));
  return parse_transfer_reply(
      transport(i).tcp_exchange(address != h.config.end() ? address->second.value : h.address, port,
                                transfer_request(target), h.rollout.health_timeout));
}

}  // namespace zkd
