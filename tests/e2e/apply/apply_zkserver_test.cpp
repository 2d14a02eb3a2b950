// `zkdeploy apply` of a zkserver ensemble (this build's binary) on three sshd test hosts:
// a fresh install reaches one leader and the full quorum; a rolling configuration change
// under a continuous client write load restarts the followers first, hands leadership to a
// caught-up follower (the journal's "transfer" step, through the SSH connection to the
// leader's admin.serverPort), restarts the old leader last, and loses no acknowledged write;
// a second apply changes nothing. Prints the measured times.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "tests/e2e/apply/apply_cluster.hpp"
#include "tests/e2e/apply/release_files.hpp"
#include "tests/e2e/apply/write_load.hpp"

namespace zkd::testing {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

std::string text_of(const CliRun& run) {
  return "exit " + std::to_string(run.status) + "\nstdout:\n" + run.out + "\nstderr:\n" + run.err;
}

long long ms_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
}

// Fast elections (tickTime 200 ms) and the admin port that leadership transfer needs.
constexpr const char* kZkserverConfig =
    "tickTime: 200, initLimit: 50, syncLimit: 25, admin.serverPort: 8080";

// The journal's "end" line of `step` on `host` in run `run`; null when absent.
nlohmann::json end_of(const ApplyCluster& c, int run, const std::string& step,
                      const std::string& host) {
  for (const auto& line : c.journal_lines(run)) {
    if (line["event"] == "end" && line["step"] == step && line["host"] == host) return line;
  }
  return nullptr;
}

TEST(ApplyZkserver, InstallsThenRollsAChangeHandingLeadershipOverWithoutLosingWrites) {
  ApplyCluster c(3);
  c.use_zkserver(kZkserverConfig);

  const auto t_install = Clock::now();
  const CliRun install = c.apply();
  const long long install_ms = ms_since(t_install);
  ASSERT_EQ(install.status, 0) << text_of(install);
  const std::string leader = c.leader();
  ASSERT_FALSE(leader.empty()) << "no single leader after the install";
  for (size_t i = 0; i < 3; ++i) {
    const std::string mode = c.mode(i);
    EXPECT_TRUE(mode == "leader" || mode == "follower") << c.hosts()[i].name << ": " << mode;
  }

  WriteLoad load(connect_string(c), "/zkserver-load", c.hosts().dir() + "/zk-client.log");
  ASSERT_TRUE(load.wait_acknowledged(200, seconds(20))) << "the client cannot write";
  const size_t before = load.acknowledged();

  c.write_inventory("maxClientCnxns: 100");
  const auto t_roll = Clock::now();
  const CliRun roll = c.apply();
  const long long roll_ms = ms_since(t_roll);
  ASSERT_EQ(roll.status, 0) << text_of(roll);
  const size_t during = load.acknowledged() - before;
  EXPECT_TRUE(load.wait_acknowledged(load.acknowledged() + 200, seconds(20)))
      << "the client stopped writing after the rollout";
  load.stop();

  // Followers first; then the leader hands over, and is stopped, restarted and waited for.
  const std::vector<std::string> stops = c.step_hosts(2, "stop");
  ASSERT_EQ(stops.size(), 3u) << text_of(roll);
  EXPECT_EQ(stops.back(), leader);
  std::vector<std::string> steps = host_steps(c, 2);
  const auto transfer = std::find(steps.begin(), steps.end(), "transfer " + leader);
  ASSERT_NE(transfer, steps.end()) << text_of(roll);
  EXPECT_EQ(*(transfer + 1), "stop " + leader);
  EXPECT_EQ(std::count(steps.begin(), transfer, "record " + stops[0]), 1);
  EXPECT_EQ(std::count(steps.begin(), transfer, "record " + stops[1]), 1);
  const nlohmann::json transferred = end_of(c, 2, "transfer", leader);
  ASSERT_FALSE(transferred.is_null());
  EXPECT_TRUE(transferred["ok"].get<bool>()) << transferred.dump();
  EXPECT_NE(roll.out.find(leader + ": leadership handed to myid"), std::string::npos)
      << text_of(roll);

  // One leader, another server; the old leader follows it.
  const std::string now_leader = c.leader();
  EXPECT_FALSE(now_leader.empty());
  EXPECT_NE(now_leader, leader);
  EXPECT_GT(during, 0u) << "no write was acknowledged while the rollout ran";
  for (const TestHost& h : c.hosts().hosts()) {
    const std::vector<std::string> missing = load.missing_on(h.address + ":2181", seconds(20));
    EXPECT_TRUE(missing.empty()) << h.name << " lacks " << missing.size()
                                 << " acknowledged writes, the first " << missing.front();
  }

  const CliRun again = c.apply();
  EXPECT_EQ(again.status, 0) << text_of(again);
  EXPECT_TRUE(c.step_hosts(3, "stop").empty()) << text_of(again);
  EXPECT_TRUE(c.step_hosts(3, "start").empty()) << text_of(again);

  const nlohmann::json staged = end_of(c, 1, "stage", c.hosts()[0].name);
  const nlohmann::json quorum = end_of(c, 1, "wait", "");
  std::cout << "zkserver 3 nodes: fresh install " << install_ms << " ms (staging "
            << (staged.is_null() ? -1 : staged["ms"].get<long long>()) << " ms, start to quorum "
            << (quorum.is_null() ? -1 : quorum["ms"].get<long long>()) << " ms); rolling change "
            << roll_ms << " ms; transfer step " << transferred["ms"].get<long long>()
            << " ms; writes acknowledged " << load.acknowledged() << " (" << during
            << " during the rollout), outcomes unknown " << load.unknown() << "\n";
}

}  // namespace
}  // namespace zkd::testing
