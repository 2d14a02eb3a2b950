#include "orchestrator/probe/ensemble_health.hpp"

#include <algorithm>

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

namespace {

bool is_lone_participant(const std::vector<MemberProbe>& members) {
  return members.size() == 1 && members[0].role == MemberRole::participant;
}

bool claims_leadership(const MemberProbe& member, bool lone) {
  const ServerStatus& s = member.status;
  if (member.role != MemberRole::participant || !s.serving) return false;
  return s.mode == ServerMode::leader || (lone && s.mode == ServerMode::standalone);
}

std::string first_problem(const ServerStatus& status, std::string_view fallback) {
  return status.problems.empty() ? std::string(fallback) : status.problems.front();
}

// The mode check of a member; empty when its mode fits its role.
std::string mode_problem(const MemberProbe& member, bool lone) {
  const ServerMode mode = member.status.mode;
  const std::string shown =
      member.status.mode_text.empty() ? std::string(mode_name(mode)) : member.status.mode_text;
  if (member.role == MemberRole::observer) {
    return mode == ServerMode::observer ? "" : "mode is " + shown + ", expected observer";
  }
  if (lone) {
    bool fits = mode == ServerMode::standalone || mode == ServerMode::leader;
    return fits ? "" : "mode is " + shown + ", expected standalone";
  }
  bool fits = mode == ServerMode::leader || mode == ServerMode::follower;
  return fits ? "" : "mode is " + shown + ", expected leader or follower";
}

void judge_node(const MemberProbe& member, bool lone, const MemberProbe* leader,
                const std::string& leader_problem, const HealthPolicy& policy, NodeHealth& node) {
  const ServerStatus& s = member.status;
  if (!s.answered) {
    node.reason = "no answer on the client port: " + first_problem(s, "nothing came back");
    return;
  }
  if (!s.imok) {
    node.reason = "ruok did not answer imok (" + first_problem(s, "no reply") + ")";
    return;
  }
  if (!s.serving) {
    node.reason = "not serving requests (no quorum?): " + first_problem(s, "srvr gave nothing");
    return;
  }
  if (std::string problem = mode_problem(member, lone); !problem.empty()) {
    node.reason = problem;
    return;
  }
  if (!leader) {
    node.reason = leader_problem;
    return;
  }
  if (!s.zxid || !leader->status.zxid) {
    node.reason = s.zxid ? "the leader reports no zxid" : "no zxid reported (srvr unusable)";
    return;
  }
  const uint64_t mine = *s.zxid;
  const uint64_t leaders = *leader->status.zxid;
  node.zxid_lag = mine >= leaders ? 0 : leaders - mine;
  if (*node.zxid_lag > policy.max_zxid_lag) {
    node.reason = "zxid " + to_hex(mine) + " is " + std::to_string(*node.zxid_lag) +
                  " behind the leader's " + to_hex(leaders) + " (allowed " +
                  std::to_string(policy.max_zxid_lag) + ")";
    return;
  }
  node.healthy = true;
}

SyncState judge_sync(const EnsembleHealth& health, const std::vector<MemberProbe>& members) {
  SyncState sync;
  sync.expected_followers = static_cast<int64_t>(health.participants) - 1;
  sync.expected_observers = static_cast<int64_t>(members.size() - health.participants);
  if (!health.leader) {
    sync.reason = health.leader_problem;
    return sync;
  }
  if (sync.expected_followers <= 0 && sync.expected_observers == 0) {
    sync.complete = true;  // a lone server has nobody to sync
    return sync;
  }
  const ServerStatus& leader = members[*health.leader].status;
  sync.synced_followers = leader.synced_followers;
  sync.synced_observers = leader.synced_observers;
  const std::string count_of = std::to_string(sync.expected_followers);
  if (!leader.synced_followers) {
    auto mntr = std::find_if(leader.problems.begin(), leader.problems.end(),
                             [](const std::string& p) { return p.starts_with("mntr:"); });
    sync.reason = "the leader's sync counts are unknown (" +
                  (mntr != leader.problems.end() ? *mntr : std::string("mntr gave none")) + ")";
  } else if (*leader.synced_followers != sync.expected_followers) {
    sync.reason = "the leader counts " + std::to_string(*leader.synced_followers) + " of " +
                  count_of + " followers as synced";
  } else if (sync.expected_observers > 0 &&
             leader.synced_observers.value_or(-1) != sync.expected_observers) {
    sync.reason = "the leader counts " +
                  (leader.synced_observers ? std::to_string(*leader.synced_observers)
                                           : std::string("unknown")) +
                  " of " + std::to_string(sync.expected_observers) + " observers as synced";
  } else if (leader.pending_syncs.value_or(0) > 0) {
    sync.reason =
        "learners still syncing with the leader: " + std::to_string(*leader.pending_syncs);
  } else {
    sync.complete = true;
  }
  return sync;
}

}  // namespace

bool EnsembleHealth::all_healthy() const {
  return std::all_of(nodes.begin(), nodes.end(), [](const NodeHealth& n) { return n.healthy; });
}

EnsembleHealth evaluate_health(const std::vector<MemberProbe>& members,
                               const HealthPolicy& policy) {
  EnsembleHealth health;
  const bool lone = is_lone_participant(members);
  std::vector<size_t> leaders;
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].role == MemberRole::participant) ++health.participants;
    if (claims_leadership(members[i], lone)) leaders.push_back(i);
  }
  health.quorum = health.participants / 2 + 1;
  if (leaders.size() == 1) {
    health.leader = leaders[0];
  } else if (leaders.empty()) {
    health.leader_problem = "no voter reports mode leader";
  } else {
    health.leader_problem = "several voters report mode leader:";
    for (size_t i : leaders) health.leader_problem += " " + members[i].host;
  }

  const MemberProbe* leader = health.leader ? &members[*health.leader] : nullptr;
  for (size_t i = 0; i < members.size(); ++i) {
    NodeHealth node{members[i].host, members[i].myid, members[i].role, false, {}, false, {}};
    node.leader = health.leader == i;
    judge_node(members[i], lone, leader, health.leader_problem, policy, node);
    if (node.healthy && node.role == MemberRole::participant) ++health.healthy_participants;
    health.nodes.push_back(std::move(node));
  }
  health.sync = judge_sync(health, members);
  return health;
}

bool leader_counts_as_synced(const EnsembleHealth& health, int64_t myid) {
  auto node = std::find_if(health.nodes.begin(), health.nodes.end(),
                           [&](const NodeHealth& n) { return n.myid == myid; });
  if (node == health.nodes.end()) return false;
  return node->leader || (health.leader && health.sync.complete);
}

}  // namespace zkd
