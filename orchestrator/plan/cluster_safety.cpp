#include "orchestrator/plan/cluster_safety.hpp"

#include <algorithm>

namespace zkd {

namespace {

std::string describe(const MemberChange& member) {
  std::string text = "server." + std::to_string(member.myid) + "=" + member.address;
  if (member.role == MemberRole::observer) text += " (observer)";
  if (!member.host.empty()) text += " (" + member.host + ")";
  return text;
}

void refuse(Verdict& verdict, std::string reason) {
  verdict.safe = false;
  verdict.reasons.push_back(std::move(reason));
}

void judge_hosts(const ClusterPlan& cluster, const std::vector<const ObservedHost*>& observed,
                 Verdict& verdict) {
  std::vector<std::string> holders;
  for (size_t i = 0; i < cluster.hosts.size(); ++i) {
    const HostPlan& host = cluster.hosts[i];
    const ObservedHost* seen = observed[i];
    if (!seen || !seen->reachable) {
      refuse(verdict, host.name + " is unreachable: " + host.observed.error);
      continue;
    }
    if (!seen->server_pid && seen->status.answered) {
      refuse(verdict, host.name +
                          " answers on the client port, but no server started by zkdeploy runs "
                          "there (stop the other server first)");
    }
    if (seen->lock_holder &&
        std::find(holders.begin(), holders.end(), *seen->lock_holder) == holders.end()) {
      holders.push_back(*seen->lock_holder);
      refuse(verdict, "the cluster lock is held by " + *seen->lock_holder + " (seen on " +
                          host.name + "): another apply is running");
    }
    if (host.release && host.release->upload && seen->free_bytes &&
        *seen->free_bytes < host.release->size + kDiskHeadroomBytes) {
      refuse(verdict, host.name + " has " + size_text(*seen->free_bytes) +
                          " free under its install root; the release needs " +
                          size_text(host.release->size) + " plus " + size_text(kDiskHeadroomBytes) +
                          " headroom");
    }
  }
}

void judge_membership(const ClusterPlan& cluster, Verdict& verdict) {
  if (cluster.first_install) return;
  const std::string unsupported =
      ": membership changes need one-voter-at-a-time reconfiguration, which zkdeploy does "
      "not do yet";
  for (const MemberChange& member : cluster.added) {
    refuse(verdict, "membership change adds " + describe(member) + unsupported);
  }
  for (const MemberChange& member : cluster.removed) {
    refuse(verdict, "membership change removes " + describe(member) + unsupported);
  }
}

std::vector<const HostPlan*> restarted(const ClusterPlan& cluster) {
  std::vector<const HostPlan*> hosts;
  for (const HostPlan& host : cluster.hosts) {
    if (host.action == ServerAction::restart) hosts.push_back(&host);
  }
  return hosts;
}

void judge_degraded(const std::vector<const HostPlan*>& restarts, const EnsembleHealth& health,
                    Verdict& verdict) {
  for (const HostPlan* host : restarts) {
    if (host->role != MemberRole::participant) continue;
    const size_t others = health.healthy_participants - (host->health.healthy ? 1 : 0);
    if (others < health.quorum) {
      refuse(verdict, "restarting " + host->name + " would leave " +
                          counted(others, "healthy voter") + ", fewer than the quorum of " +
                          std::to_string(health.quorum));
    }
  }
  const int64_t quorum = static_cast<int64_t>(health.quorum);
  if (!health.sync.synced_followers) {
    refuse(verdict, "cannot tell that a quorum stays in sync: " + health.sync.reason);
  } else if (*health.sync.synced_followers < quorum) {
    refuse(verdict,
           "the leader counts " +
               counted(static_cast<size_t>(*health.sync.synced_followers), "synced follower") +
               "; restarting a voter needs at least the quorum of " + std::to_string(quorum));
  }
}

void judge_restarts(const ClusterPlan& cluster, const EnsembleHealth& health,
                    const PlanOptions& options, Verdict& verdict) {
  const std::vector<const HostPlan*> restarts = restarted(cluster);
  if (cluster.first_install || restarts.empty() || options.allow_downtime) return;
  if (health.participants <= 2) {
    refuse(verdict, "a " + std::to_string(health.participants) +
                        "-voter ensemble loses its quorum while any voter restarts; "
                        "--allow-downtime accepts that");
    return;
  }
  if (!health.leader) {
    refuse(verdict, "no leader: " + health.leader_problem);
    return;
  }
  if (options.allow_degraded) {
    judge_degraded(restarts, health, verdict);
    return;
  }
  for (size_t i = 0; i < health.nodes.size(); ++i) {
    const NodeHealth& node = health.nodes[i];
    if (node.healthy || !cluster.hosts[i].observed.reachable) continue;  // unreachable: said
    refuse(verdict, node.host + " is not healthy: " + node.reason +
                        " (--allow-degraded proceeds while the quorum holds)");
  }
  if (!health.sync.complete) refuse(verdict, "not every member is synced: " + health.sync.reason);
}

}  // namespace

Verdict judge_cluster(const ClusterPlan& cluster, const std::vector<const ObservedHost*>& observed,
                      const EnsembleHealth& health, const PlanOptions& options) {
  Verdict verdict;
  judge_hosts(cluster, observed, verdict);
  judge_membership(cluster, verdict);
  judge_restarts(cluster, health, options, verdict);
  return verdict;
}

}  // namespace zkd
