#include "orchestrator/apply/ssh_apply_target.hpp"

#include <signal.h>

#include <stdexcept>

#include "orchestrator/apply/host_lock.hpp"
#include "orchestrator/apply/node_switch.hpp"
#include "orchestrator/apply/stage_host.hpp"
#include "orchestrator/gather/cluster_gather.hpp"
#include "orchestrator/plan/planner.hpp"
#include "orchestrator/state/artifact_digest.hpp"
#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/inventory_target.hpp"
#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {

SshApplyTarget::SshApplyTarget(const InventoryPlan& prepared, RunIdentity run, PlanOptions options,
                               int forks)
    : prepared_(prepared), run_(std::move(run)), options_(options), forks_(forks) {
  inventory_.path = prepared.inventory.path.string();
  inventory_.sha256 = sha256_file(prepared.inventory.path);
  const auto& hosts = prepared.rendered.hosts;
  transports_.resize(hosts.size());
  for (size_t i = 0; i < hosts.size(); ++i) {
    by_name_.emplace(hosts[i].host->name, i);
    services_.push_back(make_service_control(*hosts[i].host));
  }
}

SshApplyTarget::~SshApplyTarget() = default;

size_t SshApplyTarget::index_of(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) throw std::logic_error("no host " + name + " in the inventory");
  return it->second;
}

// Distinct hosts' transports may be created from parallel jobs: the vector never resizes.
Transport& SshApplyTarget::transport(size_t i) {
  if (!transports_[i]) transports_[i] = std::make_unique<SshTransport>(ssh_target_for(host(i)));
  return *transports_[i];
}

std::vector<size_t> SshApplyTarget::cluster_hosts(const std::string& cluster) const {
  std::vector<size_t> which;
  for (size_t i = 0; i < prepared_.rendered.hosts.size(); ++i) {
    if (cluster.empty() || host(i).cluster == cluster) which.push_back(i);
  }
  return which;
}

Plan SshApplyTarget::replan(const std::string& cluster) {
  const std::vector<size_t> which = cluster_hosts(cluster);
  std::vector<ObservedHost> observed = gather_hosts(
      prepared_.rendered, which, forks_, [&](size_t i) -> Transport& { return transport(i); });
  const std::string mine = run_.holder();
  for (ObservedHost& o : observed) {
    if (o.lock_holder == mine) o.lock_holder.reset();
  }
  std::vector<DesiredHost> desired;
  for (size_t i : which) desired.push_back(prepared_.desired[i]);
  return make_plan(desired, observed, options_);
}

EnsembleHealth SshApplyTarget::probe(const ClusterPlan& cluster) {
  // The gather's probes (leader first) without its file report: a re-plan of the cluster
  // would cost one command per host more at every poll.
  const std::vector<size_t> which = cluster_hosts(cluster.name);
  std::vector<MemberProbe> members(which.size());
  const auto probe_all = [&](const std::vector<size_t>& ks) {
    fan_out(ks.size(), forks_, [&](size_t j) {
      const size_t k = ks[j];
      const size_t i = which[k];
      const ProbeReplies replies =
          probe_server(transport(i), gather_spec_for(prepared_.rendered.hosts[i]));
      members[k].status = status_from_replies(replies);
    });
  };
  std::vector<size_t> all(which.size()), followers;
  for (size_t k = 0; k < which.size(); ++k) {
    all[k] = k;
    const DesiredHost& d = prepared_.desired[which[k]];
    members[k].host = d.name;
    members[k].myid = d.myid;
    members[k].role = d.role;
  }
  probe_all(all);
  for (size_t k = 0; k < which.size(); ++k) {
    if (members[k].status.answered && members[k].status.mode != ServerMode::leader) {
      followers.push_back(k);
    }
  }
  probe_all(followers);
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

void SshApplyTarget::stage(const HostPlan& plan) {
  const size_t i = index_of(plan.name);
  stage_host(transport(i), host(i), plan, prepared_.desired[i]);
}

void SshApplyTarget::stop(const std::string& name) {
  const size_t i = index_of(name);
  services_[i]->stop(transport(i));
}

void SshApplyTarget::start(const std::string& name) {
  const size_t i = index_of(name);
  services_[i]->start(transport(i));
}

bool SshApplyTarget::running(const std::string& name) {
  const size_t i = index_of(name);
  return services_[i]->running(transport(i));
}

void SshApplyTarget::activate(const HostPlan& plan) {
  const size_t i = index_of(plan.name);
  activate_host(transport(i), host(i), plan);
}

void SshApplyTarget::roll_back(const HostPlan& plan) {
  const size_t i = index_of(plan.name);
  roll_back_host(transport(i), host(i), plan);
}

void SshApplyTarget::record(const std::string& name) {
  const size_t i = index_of(name);
  write_host_state(transport(i), host(i), host_state_json(prepared_.desired[i], run_, inventory_));
}

}  // namespace zkd
