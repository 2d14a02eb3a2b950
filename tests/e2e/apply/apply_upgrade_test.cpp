// A rolling binary upgrade by `zkdeploy apply` (the real CLI) under a continuous client write
// load: three sshd test hosts run Apache ZooKeeper release v1, the artifact becomes v2 (same
// jars plus a marker file: another content hash), and apply rolls it out. Checked: the
// journal shows followers first and the leader last, one host at a time, each healthy before
// the next is stopped; every host ends on v2 under one leader; the client kept writing
// through the rollout and every write it saw acknowledged is held by every server.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/e2e/apply/apply_cluster.hpp"
#include "tests/e2e/apply/release_files.hpp"
#include "tests/e2e/apply/write_load.hpp"

namespace zkd::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

std::string text_of(const CliRun& run) {
  return "exit " + std::to_string(run.status) + "\nstdout:\n" + run.out + "\nstderr:\n" + run.err;
}

TEST(ApplyUpgrade, RollingUpgradeUnderWriteLoadLosesNoAcknowledgedWrite) {
  ApplyCluster c(3);
  const CliRun install = c.apply();
  ASSERT_EQ(install.status, 0) << text_of(install);
  const std::string jars = artifact_dir(c);
  const std::string v1 = release_of(jars);
  const std::string v2 = make_release(jars, "v2");
  ASSERT_NE(v1, v2);
  const std::string leader = c.leader();
  ASSERT_FALSE(leader.empty());

  WriteLoad load(connect_string(c), "/upgrade-load", c.hosts().dir() + "/zk-client.log");
  ASSERT_TRUE(load.wait_acknowledged(200, seconds(30))) << "the client cannot write";
  const size_t before = load.acknowledged();
  const auto t0 = std::chrono::steady_clock::now();
  const CliRun upgrade = c.apply();
  const auto rollout = std::chrono::steady_clock::now() - t0;
  ASSERT_EQ(upgrade.status, 0) << text_of(upgrade);
  const size_t during = load.acknowledged() - before;
  EXPECT_TRUE(load.wait_acknowledged(load.acknowledged() + 200, seconds(30)))
      << "the client stopped writing after the rollout";
  load.stop();

  // Every host staged first; then followers first, the leader last, each host stopped,
  // switched, started and waited for (healthy and counted synced) before the next is stopped.
  const std::vector<std::string> stops = c.step_hosts(2, "stop");
  ASSERT_EQ(stops.size(), 3u) << text_of(upgrade);
  EXPECT_EQ(stops.back(), leader);
  std::vector<std::string> expected;
  for (const std::string& h : stops) {
    if (h == leader) expected.push_back("transfer " + h);  // journalled as skipped
    for (const char* step : {"stop ", "switch ", "start ", "wait ", "record "})
      expected.push_back(step + h);
  }
  std::vector<std::string> steps = host_steps(c, 2);
  ASSERT_GE(steps.size(), 3u);
  std::sort(steps.begin(), steps.begin() + 3);  // staged in parallel, before any stop
  EXPECT_EQ(std::vector<std::string>(steps.begin(), steps.begin() + 3),
            (std::vector<std::string>{"stage h1", "stage h2", "stage h3"}));
  EXPECT_EQ(std::vector<std::string>(steps.begin() + 3, steps.end()), expected);
  for (const auto& line : c.journal_lines(2)) {
    if (line["event"] == "end" && line["step"] == "wait") {
      EXPECT_TRUE(line["ok"].get<bool>());
    }
  }

  int leaders = 0;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(current_release(c, i), v2) << c.hosts()[i].name;
    std::ifstream marker(c.cluster_root(i) + "/current/RELEASE");
    std::string name;
    marker >> name;
    EXPECT_EQ(name, "v2") << c.hosts()[i].name;
    const std::string mode = c.mode(i);
    EXPECT_TRUE(mode == "leader" || mode == "follower") << c.hosts()[i].name << ": " << mode;
    leaders += mode == "leader";
  }
  EXPECT_EQ(leaders, 1);

  EXPECT_GT(during, 0u) << "no write was acknowledged while the rollout ran";
  for (const TestHost& h : c.hosts().hosts()) {
    const std::vector<std::string> missing = load.missing_on(h.address + ":2181", seconds(20));
    EXPECT_TRUE(missing.empty()) << h.name << " lacks " << missing.size()
                                 << " acknowledged writes, the first " << missing.front();
  }
  std::cout << "upgrade v1 -> v2 of 3 nodes: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(rollout).count()
            << " ms; writes acknowledged " << load.acknowledged() << " (" << during
            << " during the rollout), outcomes unknown " << load.unknown() << "\n";
}

}  // namespace
}  // namespace zkd::testing
