// `zkdeploy apply` end to end: the real CLI, real sshd test hosts, real Apache ZooKeeper 3.8.
// Each test claims its own hosts; the lifecycle test walks one ensemble through a fresh
// install, a no-op apply, a rolling config change, a change that can never start, and a
// change refused because a member is down (one install serves them all: JVMs are slow).
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/e2e/apply/apply_cluster.hpp"

namespace zkd {
namespace {
namespace fs = std::filesystem;
using testing::ApplyCluster;
using testing::CliRun;

std::string text_of(const CliRun& run) {
  return "exit " + std::to_string(run.status) + "\nstdout:\n" + run.out + "\nstderr:\n" + run.err;
}

void expect_serving(const ApplyCluster& c) {
  int leaders = 0;
  for (size_t i = 0; i < c.hosts().size(); ++i) {
    const std::string mode = c.mode(i);
    EXPECT_TRUE(mode == "leader" || mode == "follower") << c.hosts()[i].name << ": " << mode;
    leaders += mode == "leader";
  }
  EXPECT_EQ(leaders, 1);
}

std::vector<long> pids(const ApplyCluster& c) {
  std::vector<long> all;
  for (size_t i = 0; i < c.hosts().size(); ++i) all.push_back(c.pid(i));
  return all;
}

TEST(ApplyE2E, ThreeNodeInstallNoOpRollingChangeRollbackAndDegradedRefusal) {
  ApplyCluster c(3);
  const CliRun install = c.apply();
  ASSERT_EQ(install.status, 0) << text_of(install);
  expect_serving(c);
  EXPECT_EQ(c.step_hosts(1, "start").size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    std::ifstream state_file(c.cluster_root(i) + "/.zkdeploy/state.json");
    const auto state = nlohmann::json::parse(state_file, nullptr, /*allow_exceptions=*/false);
    EXPECT_EQ(state.value("host", ""), c.hosts()[i].name);
    EXPECT_EQ("releases/" + state.value("release", ""),
              fs::read_symlink(c.cluster_root(i) + "/current").string());
    EXPECT_EQ(state.value("inventory_sha256", "").size(), 64u);
    EXPECT_FALSE(fs::exists(c.cluster_root(i) + "/.zkdeploy/lock"));
    EXPECT_FALSE(fs::exists(c.cluster_root(i) + "/conf/zoo.cfg.next"));
  }

  // A second apply changes nothing and restarts nothing.
  const std::vector<long> before = pids(c);
  const CliRun again = c.apply();
  ASSERT_EQ(again.status, 0) << text_of(again);
  EXPECT_NE(again.out.find("No changes"), std::string::npos) << again.out;
  EXPECT_EQ(pids(c), before);
  EXPECT_TRUE(c.step_hosts(2, "stop").empty());
  EXPECT_TRUE(c.step_hosts(2, "start").empty());

  // A config change rolls through the followers first, the leader last, one at a time.
  const std::string leader = c.leader();
  ASSERT_FALSE(leader.empty());
  c.write_inventory("maxClientCnxns: 100");
  const CliRun rolling = c.apply();
  ASSERT_EQ(rolling.status, 0) << text_of(rolling);
  const std::vector<std::string> stops = c.step_hosts(3, "stop");
  ASSERT_EQ(stops.size(), 3u) << text_of(rolling);
  EXPECT_EQ(stops.back(), leader);
  EXPECT_EQ(c.step_hosts(3, "start"), stops);
  expect_serving(c);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NE(before[i], c.pid(i));
    std::ifstream cfg(c.cluster_root(i) + "/conf/zoo.cfg");
    const std::string text((std::istreambuf_iterator<char>(cfg)), {});
    EXPECT_NE(text.find("maxClientCnxns=100"), std::string::npos);
  }

  // syncLimit 0 makes ZooKeeper refuse to start: the first follower fails, is rolled back,
  // and the rollout stops there with the quorum intact.
  const std::vector<long> rolled = pids(c);
  c.write_inventory("maxClientCnxns: 100, syncLimit: 0");
  const CliRun broken = c.apply();
  EXPECT_EQ(broken.status, 1) << text_of(broken);
  EXPECT_NE(broken.out.find("rolled back"), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("What to do next"), std::string::npos) << broken.out;
  const std::vector<std::string> failed = c.step_hosts(4, "stop");
  ASSERT_EQ(c.step_hosts(4, "rollback").size(), 1u) << text_of(broken);
  EXPECT_NE(failed.front(), leader);
  expect_serving(c);
  for (size_t i = 0; i < 3; ++i) {
    std::ifstream cfg(c.cluster_root(i) + "/conf/zoo.cfg");
    const std::string text((std::istreambuf_iterator<char>(cfg)), {});
    EXPECT_EQ(text.find("syncLimit=0"), std::string::npos) << c.hosts()[i].name;
    if (c.hosts()[i].name != failed.front()) {
      EXPECT_EQ(c.pid(i), rolled[i]);
    }
  }

  // A member down: a change that restarts the others is refused, nothing is touched.
  const long victim = c.pid(2);
  ASSERT_GT(victim, 0);
  ASSERT_EQ(::kill(static_cast<pid_t>(victim), SIGKILL), 0);
  ASSERT_TRUE(testing::wait_until([&] { return c.mode(2).empty(); }, std::chrono::seconds(10)));
  c.write_inventory("maxClientCnxns: 200");
  const std::vector<long> survivors = {c.pid(0), c.pid(1)};
  const CliRun refused = c.apply();
  EXPECT_EQ(refused.status, 1) << text_of(refused);
  EXPECT_NE(refused.out.find("Refused"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("h3"), std::string::npos) << refused.out;
  EXPECT_TRUE(c.step_hosts(5, "stop").empty());
  EXPECT_EQ((std::vector<long>{c.pid(0), c.pid(1)}), survivors);
}

// SIGINT while the first node restarts: that node is finished (started, healthy, recorded),
// nothing else is touched, the lock is released, exit 130.
TEST(ApplyE2E, InterruptFinishesTheNodeInProgress) {
  ApplyCluster c(3);
  ASSERT_EQ(c.apply().status, 0);
  c.write_inventory("maxClientCnxns: 100");
  const testing::CliProcess process = c.spawn_apply();
  const bool stopping = testing::wait_until(
      [&] {
        std::ifstream journal(c.journal(2));
        const std::string text((std::istreambuf_iterator<char>(journal)), {});
        return text.find("\"step\":\"stop\"") != std::string::npos;
      },
      std::chrono::seconds(60));
  ::kill(process.pid, SIGINT);
  const CliRun interrupted = testing::wait_cli(process);
  ASSERT_TRUE(stopping) << text_of(interrupted);
  EXPECT_EQ(interrupted.status, 130) << text_of(interrupted);
  EXPECT_EQ(c.step_hosts(2, "stop").size(), 1u);
  EXPECT_EQ(c.step_hosts(2, "record"), c.step_hosts(2, "stop"));
  expect_serving(c);
  for (size_t i = 0; i < 3; ++i) EXPECT_FALSE(fs::exists(c.cluster_root(i) + "/.zkdeploy/lock"));
  // A re-run continues with the two nodes left.
  const CliRun rest = c.apply();
  EXPECT_EQ(rest.status, 0) << text_of(rest);
  EXPECT_EQ(c.step_hosts(3, "stop").size(), 2u);
}

TEST(ApplyE2E, FiveNodeFreshInstall) {
  ApplyCluster c(5);
  const CliRun install = c.apply({"--output", "json"});
  ASSERT_EQ(install.status, 0) << text_of(install);
  const auto report = nlohmann::json::parse(install.out);
  EXPECT_EQ(report["started"].size(), 5u);
  EXPECT_TRUE(report["restarted"].empty());
  expect_serving(c);
  // The state it reports is the state now: converged, every member serving, the leader's
  // the one the servers name.
  const auto& plan = report["plan"];
  EXPECT_FALSE(plan["has_changes"].get<bool>()) << plan.dump(2);
  ASSERT_EQ(plan["clusters"].size(), 1u);
  EXPECT_EQ(plan["clusters"][0]["leader"], c.leader()) << plan.dump(2);
  for (const auto& host : plan["clusters"][0]["hosts"]) {
    EXPECT_TRUE(host["health"]["healthy"].get<bool>()) << host.dump(2);
  }
}

// Two ensembles in one inventory are activated one after the other: c1 is started and
// healthy before c2 is touched (staging runs for all hosts at once before that).
TEST(ApplyE2E, ClustersAreAppliedOneAfterAnother) {
  ApplyCluster c(6, 3);
  const CliRun install = c.apply();
  ASSERT_EQ(install.status, 0) << text_of(install);
  std::vector<std::string> order;
  for (const auto& line : c.journal_lines(1)) {
    if (line["event"] != "begin") continue;
    if (line["step"] == "start" || line["step"] == "wait") {
      order.push_back(std::string(line["step"]) + " " + std::string(line["cluster"]));
    }
  }
  EXPECT_EQ(order, (std::vector<std::string>{"start c1", "start c1", "start c1", "wait c1",
                                             "start c2", "start c2", "start c2", "wait c2"}));
  for (size_t i = 0; i < 6; ++i) {
    const std::string mode = c.mode(i);
    EXPECT_TRUE(mode == "leader" || mode == "follower") << c.hosts()[i].name << ": " << mode;
  }
}

TEST(ApplyE2E, TwoVoterEnsembleIsRefusedWithoutDowntime) {
  ApplyCluster c(2);
  ASSERT_EQ(c.apply().status, 0);
  c.write_inventory("maxClientCnxns: 100");
  const CliRun refused = c.apply();
  EXPECT_EQ(refused.status, 1) << text_of(refused);
  EXPECT_NE(refused.out.find("2-voter"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("--allow-downtime"), std::string::npos) << refused.out;
  EXPECT_TRUE(c.step_hosts(2, "stop").empty());
}

TEST(ApplyE2E, DryRunPrintsThePlan) {
  ApplyCluster c(3);
  const CliRun dry = c.apply({"--dry-run"});
  const CliRun plan =
      testing::run_cli({ZKDEPLOY_BIN, "--no-color", "plan", c.inventory()}, c.hosts().dir());
  EXPECT_EQ(dry.status, 2) << text_of(dry);
  EXPECT_EQ(dry.out, plan.out);
  EXPECT_FALSE(fs::exists(c.cluster_root(0) + "/current"));
}

TEST(ApplyE2E, ConcurrentApplyIsRefusedByTheLock) {
  ApplyCluster c(3);
  const std::string holder = "alice@elsewhere 4242 2026-12-04T00:00:00Z 20261204T000000Z-abc123";
  fs::create_directories(c.cluster_root(1) + "/.zkdeploy");
  std::ofstream(c.cluster_root(1) + "/.zkdeploy/lock") << holder << "\n";
  const CliRun refused = c.apply();
  EXPECT_EQ(refused.status, 1) << text_of(refused);
  EXPECT_NE(refused.out.find(holder), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("rm "), std::string::npos) << refused.out;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_FALSE(fs::exists(c.cluster_root(i) + "/current")) << "nothing may be installed";
  }
  // The other hosts' locks taken by the refused run are released again.
  EXPECT_FALSE(fs::exists(c.cluster_root(0) + "/.zkdeploy/lock"));
  EXPECT_TRUE(fs::exists(c.cluster_root(1) + "/.zkdeploy/lock"));
}

}  // namespace
}  // namespace zkd
