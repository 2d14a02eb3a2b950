// make_plan against a table of situations: what changes, in which order, and the verdict.
#include <gtest/gtest.h>

#include <functional>

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/plan/planner.hpp"
#include "tests/unit/plan/fleet.hpp"

namespace zkd {
namespace {

using test::Fleet;

struct Case {
  std::string name;
  std::function<Fleet()> fleet;
  PlanOptions options;
  bool changes;
  std::vector<std::string> order;  // "<host> <action>"
  PlanSummary summary;
  std::vector<std::string> refusals;  // the plan's verdict reasons; empty: safe
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
  return out << c.name;
}

std::vector<std::string> order_of(const Plan& plan) {
  std::vector<std::string> order;
  for (const ClusterPlan& cluster : plan.clusters) {
    for (const ActivationStep& step : cluster.order) {
      order.push_back(step.host + " " + std::string(server_action_name(step.action)));
    }
  }
  return order;
}

// A converged ensemble whose desired zoo.cfg changes tickTime.
Fleet with_leader(int servers, int leader) {
  Fleet fleet = test::converged(servers, leader);
  fleet.set_config("tickTime=3000");
  return fleet;
}

// A config change on an ensemble whose last server is stopped.
Fleet degraded(int servers, int leader) {
  Fleet fleet = with_leader(servers, leader);
  fleet.stop(servers);
  return fleet;
}

const std::vector<std::string> kRolling = {"zk1 restart", "zk3 restart", "zk2 restart"};
const std::string kStoppedZk3 =
    "east: zk3 is not healthy: no answer on the client port: connect 10.0.0.3:2181: connection "
    "refused (--allow-degraded proceeds while the quorum holds)";

const Case kCases[] = {
    {"fresh_install_starts_all_together",
     [] { return test::fresh(3); },
     {},
     true,
     {"zk1 start", "zk2 start", "zk3 start"},
     {3, 0, 0},
     {}},
    {"converged_is_nothing_to_do", [] { return test::converged(3); }, {}, false, {}, {0, 0, 0}, {}},
    {"config_change_restarts_followers_then_leader",
     [] { return with_leader(3, 2); },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {}},
    {"binary_change_restarts_every_server",
     [] {
       Fleet f = test::converged(3);
       for (DesiredHost& h : f.desired) h.release.sha256 = test::kNewSha;
       return f;
     },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {}},
    {"mode_only_change_rewrites_without_restart",
     [] {
       Fleet f = test::converged(3);
       f.have(1).files["/opt/zkdeploy/east/data/myid"].mode = 0600;
       return f;
     },
     {},
     true,
     {},
     {0, 1, 0},
     {}},
    {"stopped_server_is_started_even_when_degraded",
     [] {
       Fleet f = test::converged(3);
       f.stop(3);
       return f;
     },
     {},
     true,
     {"zk3 start"},
     {0, 1, 0},
     {}},
    {"unreachable_host_refuses",
     [] {
       Fleet f = with_leader(3, 2);
       f.have(3).reachable = false;
       f.have(3).error = "ssh 10.0.0.3:22: connection timed out";
       return f;
     },
     {},
     true,
     {"zk1 restart", "zk2 restart"},
     {0, 2, 2},
     {"east: zk3 is unreachable: ssh 10.0.0.3:22: connection timed out"}},
    {"unreachable_host_refuses_even_without_changes",
     [] {
       Fleet f = test::converged(3);
       f.observed.pop_back();
       return f;
     },
     {},
     false,
     {},
     {0, 0, 0},
     {"east: zk3 is unreachable: not gathered"}},
    {"no_leader_refuses",
     [] {
       Fleet f = with_leader(3, 2);
       f.elect(0);
       return f;
     },
     {},
     true,
     {"zk1 restart", "zk2 restart", "zk3 restart"},
     {0, 3, 3},
     {"east: no leader: no voter reports mode leader"}},
    {"degraded_ensemble_refuses",
     [] { return degraded(3, 2); },
     {},
     true,
     {"zk3 start", "zk1 restart", "zk2 restart"},
     {0, 3, 2},
     {kStoppedZk3,
      "east: not every member is synced: the leader counts 1 of 2 followers as synced"}},
    {"degraded_three_refuses_even_with_allow_degraded",
     [] { return degraded(3, 2); },
     {.allow_degraded = true},
     true,
     {"zk3 start", "zk1 restart", "zk2 restart"},
     {0, 3, 2},
     {"east: restarting zk1 would leave 1 healthy voter, fewer than the quorum of 2",
      "east: restarting zk2 would leave 1 healthy voter, fewer than the quorum of 2",
      "east: the leader counts 1 synced follower; restarting a voter needs at least the quorum "
      "of 2"}},
    {"degraded_five_proceeds_with_allow_degraded_while_quorum_holds",
     [] { return degraded(5, 3); },
     {.allow_degraded = true},
     true,
     {"zk5 start", "zk1 restart", "zk2 restart", "zk4 restart", "zk3 restart"},
     {0, 5, 4},
     {}},
    {"degraded_five_refuses_without_allow_degraded",
     [] { return degraded(5, 3); },
     {},
     true,
     {"zk5 start", "zk1 restart", "zk2 restart", "zk4 restart", "zk3 restart"},
     {0, 5, 4},
     {"east: zk5 is not healthy: no answer on the client port: connect 10.0.0.5:2181: connection "
      "refused (--allow-degraded proceeds while the quorum holds)",
      "east: not every member is synced: the leader counts 3 of 4 followers as synced"}},
    {"two_voters_refuse",
     [] { return with_leader(2, 1); },
     {},
     true,
     {"zk2 restart", "zk1 restart"},
     {0, 2, 2},
     {"east: a 2-voter ensemble loses its quorum while any voter restarts; --allow-downtime "
      "accepts that"}},
    {"two_voters_proceed_with_allow_downtime",
     [] { return with_leader(2, 1); },
     {.allow_downtime = true},
     true,
     {"zk2 restart", "zk1 restart"},
     {0, 2, 2},
     {}},
    {"one_voter_refuses",
     [] { return with_leader(1, 1); },
     {},
     true,
     {"zk1 restart"},
     {0, 1, 1},
     {"east: a 1-voter ensemble loses its quorum while any voter restarts; --allow-downtime "
      "accepts that"}},
    {"one_voter_proceeds_with_allow_downtime",
     [] { return with_leader(1, 1); },
     {.allow_downtime = true},
     true,
     {"zk1 restart"},
     {0, 1, 1},
     {}},
    {"added_host_refuses",
     [] {
       Fleet grown = test::converged(4);
       Fleet f = test::converged(3);
       for (DesiredHost& h : grown.desired) h.files[0] = grown.desired[0].files[0];
       f.desired = grown.desired;
       f.want(4).new_host = true;
       f.observed.push_back(test::fresh(4).have(4));
       return f;
     },
     {},
     true,
     {"zk4 start", "zk1 restart", "zk3 restart", "zk2 restart"},
     {1, 3, 3},
     {"east: membership change adds server.4=10.0.0.4 (zk4): membership changes need "
      "one-voter-at-a-time reconfiguration, which zkdeploy does not do yet",
      "east: zk4 is not healthy: no answer on the client port: connect: connection refused "
      "(--allow-degraded proceeds while the quorum holds)",
      "east: not every member is synced: the leader counts 2 of 3 followers as synced"}},
    {"removed_host_refuses",
     [] {
       Fleet f = test::converged(3);
       Fleet shrunk = test::converged(2);
       f.desired = shrunk.desired;
       f.observed.pop_back();
       return f;
     },
     {},
     true,
     {"zk1 restart", "zk2 restart"},
     {0, 2, 2},
     {"east: membership change removes server.3=10.0.0.3: membership changes need "
      "one-voter-at-a-time reconfiguration, which zkdeploy does not do yet",
      "east: a 2-voter ensemble loses its quorum while any voter restarts; --allow-downtime "
      "accepts that"}},
    {"changed_secret_is_detected_through_the_masked_form",
     [] {
       Fleet f = test::converged(3);
       for (DesiredHost& h : f.desired) h.files[0].content = test::zoo_cfg(3, "n3w");
       return f;
     },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {}},
    {"lock_held_refuses",
     [] {
       Fleet f = with_leader(3, 2);
       f.have(1).lock_holder = "alice@ops1 pid 4242";
       f.have(2).lock_holder = "alice@ops1 pid 4242";
       return f;
     },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {"east: the cluster lock is held by alice@ops1 pid 4242 (seen on zk1): another apply is "
      "running"}},
    {"unmanaged_server_on_the_port_refuses",
     [] {
       Fleet f = test::fresh(3);
       f.have(2).status.answered = f.have(2).status.imok = true;
       return f;
     },
     {},
     true,
     {"zk1 start", "zk2 start", "zk3 start"},
     {3, 0, 0},
     {"east: zk2 answers on the client port, but no server started by zkdeploy runs there "
      "(stop the other server first)"}},
    {"full_disk_refuses_the_upload",
     [] {
       Fleet f = test::converged(3);
       for (DesiredHost& h : f.desired) h.release.sha256 = test::kNewSha;
       f.have(2).free_bytes = 20ull << 20;
       return f;
     },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {"east: zk2 has 20 MiB free under its install root; the release needs 4 MiB plus 64 MiB "
      "headroom"}},
    {"unknown_sync_counts_refuse",
     [] {
       Fleet f = with_leader(3, 2);
       ServerStatus& leader = f.have(2).status;
       leader.synced_followers.reset();
       leader.problems = {"mntr: refused, not in the server's 4lw.commands.whitelist"};
       return f;
     },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {"east: not every member is synced: the leader's sync counts are unknown (mntr: refused, "
      "not in the server's 4lw.commands.whitelist)"}},
    {"lagging_follower_refuses",
     [] {
       Fleet f = with_leader(3, 2);
       f.have(1).status.zxid = 0x10000000c;
       return f;
     },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {"east: zk1 is not healthy: zxid 0x10000000c is 4 behind the leader's 0x100000010 (allowed "
      "0) (--allow-degraded proceeds while the quorum holds)"}},
    {"lag_within_the_policy_is_healthy",
     [] {
       Fleet f = with_leader(3, 2);
       f.have(1).status.zxid = 0x10000000c;
       f.want(1).rollout.max_zxid_lag = 4;  // the cluster's policy comes from its first host
       return f;
     },
     {},
     true,
     kRolling,
     {0, 3, 3},
     {}},
};

class PlannerTable : public testing::TestWithParam<Case> {};

TEST_P(PlannerTable, DecidesAsExpected) {
  const Case& c = GetParam();
  const Fleet fleet = c.fleet();
  const Plan plan = make_plan(fleet.desired, fleet.observed, c.options);
  EXPECT_EQ(plan.has_changes(), c.changes);
  EXPECT_EQ(order_of(plan), c.order);
  EXPECT_EQ(plan.summary.add, c.summary.add);
  EXPECT_EQ(plan.summary.change, c.summary.change);
  EXPECT_EQ(plan.summary.restart, c.summary.restart);
  EXPECT_EQ(plan.verdict.reasons, c.refusals);
  EXPECT_EQ(plan.verdict.safe, c.refusals.empty());
  EXPECT_EQ(make_plan(fleet.desired, fleet.observed, c.options).verdict.reasons,
            plan.verdict.reasons)
      << "make_plan must be deterministic";
}

INSTANTIATE_TEST_SUITE_P(Situations, PlannerTable, testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace zkd
