// make_plan over every combination of node states, leader position, kind of change and
// options for 3- and 5-voter ensembles. Each verdict is compared with an oracle written
// directly from the design's quorum-safety rules; each order and action with the design's
// ordering rules; and applying the plan's changes must converge: planning again finds
// nothing to do.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/plan/planner.hpp"
#include "tests/unit/plan/fleet.hpp"

namespace zkd {
namespace {

using test::Fleet;

enum class NodeState { healthy, lagging, stopped, unreachable };
enum class Change { none, config, binary, chmod };

struct Scenario {
  std::vector<NodeState> nodes;
  int leader;  // myid, 0 for none; only a healthy node can lead
  Change change;
};

std::string describe(const Scenario& s, const PlanOptions& options) {
  std::string text = "nodes";
  for (NodeState n : s.nodes) text += " " + std::to_string(static_cast<int>(n));
  return text + " leader " + std::to_string(s.leader) + " change " +
         std::to_string(static_cast<int>(s.change)) + " degraded " +
         std::to_string(options.allow_degraded) + " downtime " +
         std::to_string(options.allow_downtime);
}

Fleet build(const Scenario& s) {
  const int servers = static_cast<int>(s.nodes.size());
  Fleet fleet = test::converged(servers, s.leader);
  if (s.leader == 0) fleet.elect(0);
  for (int myid = 1; myid <= servers; ++myid) {
    switch (s.nodes[myid - 1]) {
      case NodeState::healthy:
        break;
      case NodeState::lagging:
        *fleet.have(myid).status.zxid -= 5;
        break;
      case NodeState::stopped:
        fleet.stop(myid);
        break;
      case NodeState::unreachable:
        fleet.have(myid).reachable = false;
        fleet.have(myid).error = "timed out";
        break;
    }
  }
  switch (s.change) {
    case Change::none:
      break;
    case Change::config:
      fleet.set_config("tickTime=3000");
      break;
    case Change::binary:
      for (DesiredHost& host : fleet.desired) host.release.sha256 = test::kNewSha;
      break;
    case Change::chmod:
      fleet.have(1).files["/opt/zkdeploy/east/data/myid"].mode = 0600;
      break;
  }
  return fleet;
}

// The design's rules, stated over the scenario rather than over the planner's data.
bool oracle_safe(const Scenario& s, const PlanOptions& options) {
  const size_t voters = s.nodes.size();
  const size_t quorum = voters / 2 + 1;
  auto count = [&](NodeState state) {
    return static_cast<size_t>(std::count(s.nodes.begin(), s.nodes.end(), state));
  };
  if (count(NodeState::unreachable) > 0) return false;
  const bool restarts = (s.change == Change::config || s.change == Change::binary) &&
                        count(NodeState::stopped) < voters;
  if (!restarts || options.allow_downtime) return true;
  if (voters <= 2 || s.leader == 0) return false;
  const size_t healthy = count(NodeState::healthy);
  const size_t synced_followers = voters - 1 - count(NodeState::stopped);
  if (!options.allow_degraded) return healthy == voters;
  for (NodeState node : s.nodes) {
    if (node == NodeState::stopped) continue;  // started, not restarted
    if (healthy - (node == NodeState::healthy ? 1 : 0) < quorum) return false;
  }
  return synced_followers >= quorum;
}

void check_order(const Scenario& s, const ClusterPlan& cluster) {
  std::set<std::string> seen;
  bool restarted = false;
  for (size_t i = 0; i < cluster.order.size(); ++i) {
    const ActivationStep& step = cluster.order[i];
    EXPECT_TRUE(seen.insert(step.host).second) << step.host << " twice";
    if (step.action == ServerAction::restart) restarted = true;
    if (step.action == ServerAction::start) {
      EXPECT_FALSE(restarted) << "start after a restart";
    }
    if (step.host == cluster.leader && step.action == ServerAction::restart) {
      EXPECT_EQ(i + 1, cluster.order.size()) << "the leader restarts last";
    }
  }
  for (size_t i = 0; i < s.nodes.size(); ++i) {
    const HostPlan& host = cluster.hosts[i];
    const bool listed = seen.count(host.name) > 0;
    EXPECT_EQ(listed, host.action != ServerAction::none) << host.name;
    ServerAction expected = ServerAction::none;
    if (s.nodes[i] == NodeState::stopped) {
      expected = ServerAction::start;
    } else if (s.nodes[i] != NodeState::unreachable &&
               (s.change == Change::config || s.change == Change::binary)) {
      expected = ServerAction::restart;
    }
    EXPECT_EQ(host.action, expected) << host.name;
  }
}

// What a successful apply leaves on every reachable host: the desired files and release,
// the server running.
void apply(Fleet& fleet) {
  for (size_t i = 0; i < fleet.desired.size(); ++i) {
    const DesiredHost& want = fleet.desired[i];
    ObservedHost& have = fleet.observed[i];
    if (!have.reachable) continue;
    for (const ManagedFile& file : want.files) {
      have.files[file.path] = {true, sha256_hex(file.content), file.content, file.display,
                               file.mode};
    }
    have.current_release = release_id(want.release.sha256);
    have.releases.push_back(have.current_release);
    have.server_pid = 1;
  }
}

// Plans the scenario under every combination of options, then checks order, actions and
// convergence once (they do not depend on the options).
void run(const Scenario& s) {
  Fleet fleet = build(s);
  for (int flags = 0; flags < 4; ++flags) {
    const PlanOptions options{.allow_degraded = (flags & 1) != 0,
                              .allow_downtime = (flags & 2) != 0};
    const Plan plan = make_plan(fleet.desired, fleet.observed, options);
    ASSERT_EQ(plan.clusters.size(), 1u);
    EXPECT_EQ(plan.verdict.safe, oracle_safe(s, options))
        << describe(s, options) << ": "
        << (plan.verdict.reasons.empty() ? "" : plan.verdict.reasons.front());
    EXPECT_EQ(plan.verdict.safe, plan.verdict.reasons.empty());
  }
  SCOPED_TRACE(describe(s, {}));
  check_order(s, make_plan(fleet.desired, fleet.observed, {}).clusters.at(0));
  apply(fleet);
  EXPECT_FALSE(make_plan(fleet.desired, fleet.observed, {}).has_changes()) << "apply must converge";
}

void enumerate(size_t servers, const std::vector<NodeState>& states,
               const std::vector<int>& leaders, const std::vector<Change>& changes) {
  size_t combinations = 1;
  for (size_t i = 0; i < servers; ++i) combinations *= states.size();
  for (size_t code = 0; code < combinations; ++code) {
    std::vector<NodeState> nodes;
    for (size_t rest = code, i = 0; i < servers; ++i, rest /= states.size()) {
      nodes.push_back(states[rest % states.size()]);
    }
    for (int leader : leaders) {
      if (leader > 0 && nodes[leader - 1] != NodeState::healthy) continue;
      for (Change change : changes) {
        run({nodes, leader, change});
        if (testing::Test::HasFailure()) return;  // one clear failure, not thousands
      }
    }
  }
}

const std::vector<NodeState> kAllStates = {NodeState::healthy, NodeState::lagging,
                                           NodeState::stopped, NodeState::unreachable};

TEST(PlannerExhaustive, ThreeVoters) {
  enumerate(3, kAllStates, {0, 1, 2, 3},
            {Change::none, Change::config, Change::binary, Change::chmod});
}

TEST(PlannerExhaustive, FiveVoters) {
  // Leader placement is covered above; here the quorum arithmetic of a larger ensemble.
  enumerate(5, {NodeState::healthy, NodeState::lagging, NodeState::stopped}, {3}, {Change::config});
}

TEST(PlannerExhaustive, OneAndTwoVoters) {
  enumerate(1, kAllStates, {0, 1}, {Change::none, Change::config, Change::chmod});
  enumerate(2, kAllStates, {0, 1, 2}, {Change::none, Change::config, Change::chmod});
}

}  // namespace
}  // namespace zkd
