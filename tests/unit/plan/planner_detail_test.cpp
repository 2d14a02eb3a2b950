// make_plan's per-host and per-cluster details beyond the table: file changes and their
// diffs, release switches, reasons, leaders, observers and several clusters.
#include <gtest/gtest.h>

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/plan/planner.hpp"
#include "tests/unit/plan/fleet.hpp"

namespace zkd {
namespace {

using test::Fleet;

const std::string kCfg = "/opt/zkdeploy/east/conf/zoo.cfg";
const std::string kMyid = "/opt/zkdeploy/east/data/myid";

Plan plan_of(const Fleet& fleet, PlanOptions options = {}) {
  return make_plan(fleet.desired, fleet.observed, options);
}

TEST(PlannerDetail, FreshInstallCreatesEverything) {
  const Plan plan = plan_of(test::fresh(3));
  const ClusterPlan& east = plan.clusters.at(0);
  EXPECT_TRUE(east.first_install);
  EXPECT_TRUE(east.added.empty());
  const HostPlan& zk2 = east.hosts.at(1);
  EXPECT_EQ(zk2.action, ServerAction::start);
  EXPECT_EQ(zk2.action_reason, "first install");
  ASSERT_TRUE(zk2.release);
  EXPECT_TRUE(zk2.release->upload);
  EXPECT_EQ(zk2.release->from, "");
  EXPECT_EQ(zk2.release->to, "0123456789ab");
  EXPECT_EQ(zk2.release->remote_dir, "/opt/zkdeploy/east/releases/0123456789ab");
  ASSERT_EQ(zk2.files.size(), 2u);
  EXPECT_EQ(zk2.files[1].action, FileAction::create);
  EXPECT_FALSE(zk2.files[1].mode_before);
  EXPECT_EQ(zk2.files[1].diff, "--- /dev/null\n+++ " + kMyid + "\n@@ -0,0 +1 @@\n+2\n");
  EXPECT_NE(zk2.files[0].diff.find("+authSecret=(masked)\n"), std::string::npos);
  EXPECT_EQ(zk2.files[0].diff.find("s3cret"), std::string::npos);
}

TEST(PlannerDetail, ConfigChangeDiffsZooCfgAndRestarts) {
  Fleet fleet = test::converged(3);
  fleet.set_config("tickTime=3000");
  const HostPlan zk1 = plan_of(fleet).clusters.at(0).hosts.at(0);
  EXPECT_FALSE(zk1.release);
  ASSERT_EQ(zk1.files.size(), 1u);
  const FileChange& cfg = zk1.files[0];
  EXPECT_EQ(cfg.action, FileAction::update);
  EXPECT_EQ(cfg.mode_before, 0644u);
  EXPECT_TRUE(cfg.needs_restart);
  EXPECT_FALSE(cfg.masked_only);
  EXPECT_EQ(cfg.diff, "--- " + kCfg + "\n+++ " + kCfg +
                          "\n@@ -1,4 +1,4 @@\n-tickTime=2000\n+tickTime=3000\n initLimit=10\n"
                          " syncLimit=5\n dataDir=/opt/zkdeploy/east/data\n");
  EXPECT_EQ(zk1.action, ServerAction::restart);
  EXPECT_EQ(zk1.action_reason, "zoo.cfg changed");
}

TEST(PlannerDetail, ServiceUnitChangeDiffsAndRestarts) {
  const std::string unit = "/opt/zkdeploy/east/conf/zkdeploy-east.service";
  auto unit_file = [&](const std::string& user) {
    const std::string text = "[Service]\nUser=" + user + "\n";
    return ManagedFile{unit, text, text, 0644, FileRole::service_unit};
  };
  Fleet fleet = test::converged(3);
  for (int myid = 1; myid <= 3; ++myid) {
    fleet.want(myid).files.push_back(unit_file("zk"));
    const ManagedFile installed = unit_file(myid == 3 ? "root" : "zk");
    fleet.have(myid).files[unit] = {true, "", installed.content, installed.display, 0644};
  }
  const ClusterPlan east = plan_of(fleet).clusters.at(0);
  EXPECT_FALSE(east.hosts.at(0).has_changes());
  const HostPlan& zk3 = east.hosts.at(2);
  ASSERT_EQ(zk3.files.size(), 1u);
  EXPECT_EQ(zk3.files[0].role, FileRole::service_unit);
  EXPECT_TRUE(zk3.files[0].needs_restart);
  EXPECT_EQ(zk3.files[0].diff, "--- " + unit + "\n+++ " + unit +
                                   "\n@@ -1,2 +1,2 @@\n [Service]\n-User=root\n+User=zk\n");
  EXPECT_EQ(zk3.action, ServerAction::restart);
  EXPECT_EQ(zk3.action_reason, "service unit changed");
}

TEST(PlannerDetail, BinaryChangeUploadsUnlessAlreadyThere) {
  Fleet fleet = test::converged(3);
  for (DesiredHost& host : fleet.desired) host.release.sha256 = test::kNewSha;
  fleet.have(3).releases.push_back(release_id(test::kNewSha));
  const ClusterPlan east = plan_of(fleet).clusters.at(0);
  ASSERT_TRUE(east.hosts[0].release);
  EXPECT_TRUE(east.hosts[0].release->upload);
  EXPECT_EQ(east.hosts[0].release->from, "0123456789ab");
  EXPECT_EQ(east.hosts[0].release->to, "fedcba987654");
  EXPECT_FALSE(east.hosts[2].release->upload);
  EXPECT_EQ(east.hosts[0].action_reason, "release 0123456789ab -> fedcba987654");
  EXPECT_TRUE(east.hosts[0].files.empty());
}

TEST(PlannerDetail, MaskedOnlyChangeIsDetectedButNotShown) {
  Fleet fleet = test::converged(3);
  fleet.want(1).files[0].content = test::zoo_cfg(3, "n3w");
  const HostPlan zk1 = plan_of(fleet).clusters.at(0).hosts.at(0);
  ASSERT_EQ(zk1.files.size(), 1u);
  EXPECT_EQ(zk1.files[0].action, FileAction::update);
  EXPECT_TRUE(zk1.files[0].masked_only);
  EXPECT_EQ(zk1.files[0].diff, "");
  EXPECT_EQ(zk1.action, ServerAction::restart);
}

TEST(PlannerDetail, ComparesByDigestWhenContentWasNotGathered) {
  Fleet fleet = test::converged(3);
  ObservedFile& cfg = fleet.have(1).files[kCfg];
  cfg.content.reset();
  cfg.display.reset();
  EXPECT_FALSE(plan_of(fleet).has_changes());

  cfg.sha256 = sha256_hex("something else");
  const HostPlan zk1 = plan_of(fleet).clusters.at(0).hosts.at(0);
  ASSERT_EQ(zk1.files.size(), 1u);
  EXPECT_TRUE(zk1.files[0].before_unknown);
  EXPECT_EQ(zk1.files[0].diff, "");
}

TEST(PlannerDetail, ChmodOnlyDoesNotRestart) {
  Fleet fleet = test::converged(3);
  fleet.have(2).files[kMyid].mode = 0600;
  const HostPlan zk2 = plan_of(fleet).clusters.at(0).hosts.at(1);
  ASSERT_EQ(zk2.files.size(), 1u);
  EXPECT_EQ(zk2.files[0].action, FileAction::chmod);
  EXPECT_EQ(zk2.files[0].mode_before, 0600u);
  EXPECT_FALSE(zk2.files[0].needs_restart);
  EXPECT_EQ(zk2.action, ServerAction::none);
}

TEST(PlannerDetail, StoppedServerStartsWithItsReason) {
  Fleet fleet = test::converged(3);
  fleet.stop(1);
  const HostPlan zk1 = plan_of(fleet).clusters.at(0).hosts.at(0);
  EXPECT_EQ(zk1.action, ServerAction::start);
  EXPECT_EQ(zk1.action_reason, "the server is not running");
  EXPECT_FALSE(zk1.health.healthy);
}

TEST(PlannerDetail, LeaderRestartsLastWhereverItIs) {
  for (int leader = 1; leader <= 3; ++leader) {
    Fleet fleet = test::converged(3, leader);
    fleet.set_config("tickTime=3000");
    const ClusterPlan east = plan_of(fleet).clusters.at(0);
    EXPECT_EQ(east.leader, "zk" + std::to_string(leader));
    std::vector<std::string> order;
    for (const ActivationStep& step : east.order) order.push_back(step.host);
    std::vector<std::string> expected;
    for (int i = 1; i <= 3; ++i) {
      if (i != leader) expected.push_back("zk" + std::to_string(i));
    }
    expected.push_back("zk" + std::to_string(leader));
    EXPECT_EQ(order, expected) << "leader zk" << leader;
    EXPECT_TRUE(east.verdict.safe);
  }
}

TEST(PlannerDetail, ObserversRestartFirst) {
  Fleet fleet = test::converged(4, 4);
  fleet.want(1).role = MemberRole::observer;
  fleet.elect(4);
  const std::string line = "server.1=10.0.0.1:2888:3888";
  auto observe = [&](std::string& text) {
    text.replace(text.find(line), line.size(), line + ":observer");
  };
  for (DesiredHost& host : fleet.desired) {
    observe(host.files[0].content);
    observe(host.files[0].display);
    fleet.have(static_cast<int>(host.myid)).files[kCfg].content = host.files[0].content;
    fleet.have(static_cast<int>(host.myid)).files[kCfg].display = host.files[0].display;
  }
  ASSERT_FALSE(plan_of(fleet).has_changes());
  fleet.set_config("tickTime=3000");
  const ClusterPlan east = plan_of(fleet).clusters.at(0);
  std::vector<std::string> order;
  for (const ActivationStep& step : east.order) order.push_back(step.host);
  EXPECT_EQ(order, (std::vector<std::string>{"zk1", "zk2", "zk3", "zk4"}));
  EXPECT_EQ(east.voters, (std::vector<std::string>{"zk2", "zk3", "zk4"}));
  EXPECT_EQ(east.quorum, 2u);
  EXPECT_TRUE(east.verdict.safe) << east.verdict.reasons.front();
}

TEST(PlannerDetail, ClustersKeepInventoryOrderAndPrefixReasons) {
  Fleet fleet = test::converged(3);
  Fleet west = test::converged(3);
  for (DesiredHost& host : west.desired) {
    host.cluster = "west";
    host.name = "w" + host.name;
  }
  for (ObservedHost& host : west.observed) host.name = "w" + host.name;
  west.have(1).reachable = false;
  west.have(1).error = "no route";
  fleet.desired.insert(fleet.desired.begin(), west.desired.begin(), west.desired.end());
  fleet.observed.insert(fleet.observed.end(), west.observed.begin(), west.observed.end());
  const Plan plan = plan_of(fleet);
  ASSERT_EQ(plan.clusters.size(), 2u);
  EXPECT_EQ(plan.clusters[0].name, "west");
  EXPECT_EQ(plan.clusters[1].name, "east");
  EXPECT_TRUE(plan.clusters[1].verdict.safe);
  EXPECT_EQ(plan.verdict.reasons, std::vector<std::string>{"west: wzk1 is unreachable: no route"});
}

TEST(PlannerDetail, ReplacedAddressIsRemovedAndAdded) {
  Fleet fleet = test::converged(3);
  fleet.want(3).address = "10.0.9.3";
  const ClusterPlan east = plan_of(fleet).clusters.at(0);
  ASSERT_EQ(east.removed.size(), 1u);
  EXPECT_EQ(east.removed[0].address, "10.0.0.3");
  ASSERT_EQ(east.added.size(), 1u);
  EXPECT_EQ(east.added[0].host, "zk3");
  EXPECT_FALSE(east.verdict.safe);
}

TEST(PlannerDetail, MembershipFallsBackToConfThenToNewHosts) {
  Fleet fleet = test::converged(3);
  for (ObservedHost& host : fleet.observed) host.files[kCfg].content.reset();
  fleet.have(1).status.members = parse_server_lines("server.1=10.0.0.1:2888:3888\n");
  ClusterPlan east = plan_of(fleet).clusters.at(0);
  ASSERT_EQ(east.added.size(), 2u);
  EXPECT_EQ(east.added[0].host, "zk2");

  fleet.have(1).status.members.clear();
  fleet.want(3).new_host = true;
  east = plan_of(fleet).clusters.at(0);
  ASSERT_EQ(east.added.size(), 1u);
  EXPECT_EQ(east.added[0].host, "zk3");
}

}  // namespace
}  // namespace zkd

namespace zkd {
namespace {

TEST(PlannerDetail, StartsTogetherOnlyWhenOneStartCannotRestoreAQuorum) {
  EXPECT_TRUE(plan_of(test::fresh(3)).clusters[0].start_together);

  Fleet outage = test::converged(3);
  for (int myid = 1; myid <= 3; ++myid) outage.stop(myid);
  ClusterPlan east = plan_of(outage).clusters.at(0);
  EXPECT_FALSE(east.first_install);
  EXPECT_TRUE(east.start_together);
  EXPECT_EQ(east.order.size(), 3u);
  EXPECT_TRUE(east.verdict.safe);

  Fleet two_down = test::converged(3);
  two_down.stop(2);
  two_down.stop(3);
  EXPECT_FALSE(plan_of(two_down).clusters[0].start_together);  // one start makes 2 of 3

  Fleet four_down = test::converged(5, 1);
  for (int myid = 2; myid <= 5; ++myid) four_down.stop(myid);
  EXPECT_TRUE(plan_of(four_down).clusters[0].start_together);  // 1 + 1 < quorum 3
}

}  // namespace
}  // namespace zkd
