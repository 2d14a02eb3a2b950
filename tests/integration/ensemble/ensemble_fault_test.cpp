// Ensembles under client write load and process faults, for Apache ZooKeeper 3.8 and
// zkserver alike. Each scenario runs a recorded workload (tests/support/zkhistory: registers
// and sets written and read by several sessions spread over the servers) through the fault,
// requires the ensemble to keep acknowledging writes afterwards, then reads the final state
// and requires the whole history to be linearizable (tests/support/lincheck) with every
// acknowledged write present.
//
// The partition scenario puts every node in a network namespace of its own (root only).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "tests/harness/local_ensemble.hpp"
#include "tests/harness/test_hosts.hpp"
#include "tests/integration/ensemble/server_kinds.hpp"
#include "tests/support/zkhistory/verify.hpp"
#include "tests/support/zkhistory/workload.hpp"

namespace zkd::testing {
namespace {

using std::chrono::seconds;

// Acknowledged writes the workload must make between two steps of a scenario: enough to
// cross the fault with real traffic, few enough to keep the history quick to check.
constexpr uint64_t kProgress = 150;

class EnsembleFaultTest : public ::testing::TestWithParam<ServerKind> {
 protected:
  // Starts `voters` nodes, waits for a leader and starts the workload.
  void start(size_t voters, bool network_namespaces = false) {
    LocalEnsembleOptions options = ensemble_options(GetParam(), voters);
    options.network_namespaces = network_namespaces;
    ensemble_.emplace(options);
    ensemble_->start_all();
    ZKD_SKIP_UNLESS_ENSEMBLE(*ensemble_);
    ASSERT_TRUE(ensemble_->wait_for_leader(seconds(60))) << ensemble_->logs(0);
    zks::zkhistory::WorkloadOptions load;
    load.connect = ensemble_->connect_string();
    workload_.emplace(load);
    std::string error;
    ASSERT_TRUE(workload_->setup(&error)) << error;
    workload_->start();
    progress("before the fault");
  }

  // Waits until the workload has had kProgress more writes acknowledged.
  void progress(const std::string& when) {
    const uint64_t target = workload_->acknowledged() + kProgress;
    ASSERT_TRUE(wait_until([&] { return workload_->acknowledged() >= target; }, seconds(60)))
        << "no progress " << when << ": " << workload_->acknowledged() << " of " << target
        << " writes acknowledged";
  }

  // The leader, once one is settled.
  size_t leader() {
    const std::optional<size_t> l = ensemble_->wait_for_leader(seconds(60));
    if (!l) ADD_FAILURE() << "no leader";
    return l.value_or(0);
  }

  // Stops the workload and checks the history and the final state.
  void verify() {
    workload_->stop();
    const zks::zkhistory::Verification v =
        zks::zkhistory::verify(*workload_, ensemble_->connect_string());
    EXPECT_TRUE(v.passed()) << v.summary();
    EXPECT_GE(v.ok, 2 * kProgress) << v.summary();
    std::cout << to_string(GetParam()) << ": " << v.summary() << "\n";
  }

  void TearDown() override {
    workload_.reset();  // the clients go before the servers
    ensemble_.reset();
  }

  std::optional<LocalEnsemble> ensemble_;
  std::optional<zks::zkhistory::Workload> workload_;
};

// Starts the ensemble and the workload, returning from the test on skip or failure.
#define START_UNDER_LOAD(...)                     \
  do {                                            \
    start(__VA_ARGS__);                           \
    if (IsSkipped() || HasFatalFailure()) return; \
  } while (0)

TEST_P(EnsembleFaultTest, KillNineOfTheLeader) {
  START_UNDER_LOAD(3);
  const size_t old = leader();
  ensemble_->kill9(old);
  const size_t now = leader();
  EXPECT_NE(now, old);
  ASSERT_NO_FATAL_FAILURE(progress("after the leader was killed"));
  verify();
}

TEST_P(EnsembleFaultTest, RestartedFollowerIsSyncedAgain) {
  START_UNDER_LOAD(3);
  const size_t follower = (leader() + 1) % ensemble_->size();
  ensemble_->restart(follower);
  EXPECT_TRUE(ensemble_->wait_synced(follower, seconds(60))) << ensemble_->logs(follower);
  EXPECT_EQ(ensemble_->mode(follower), "follower");
  ASSERT_NO_FATAL_FAILURE(progress("after the follower was restarted"));
  verify();
}

TEST_P(EnsembleFaultTest, FiveNodesSurviveTwoFollowersKilled) {
  START_UNDER_LOAD(5);
  const size_t lead = leader();
  ensemble_->kill9((lead + 1) % 5);
  ensemble_->kill9((lead + 2) % 5);
  ASSERT_NO_FATAL_FAILURE(progress("with two of five nodes killed"));
  EXPECT_EQ(ensemble_->leader(), lead);  // a quorum remained: no election needed
  verify();
}

TEST_P(EnsembleFaultTest, PausedLeaderIsReplacedAndRejoinsAsFollower) {
  START_UNDER_LOAD(3);
  const size_t old = leader();
  ensemble_->pause(old);
  const size_t now = leader();
  EXPECT_NE(now, old);
  ASSERT_NO_FATAL_FAILURE(progress("while the old leader was stopped"));
  // Its clients must have given up on it before it runs again: a session still attached to
  // a deposed leader could be served from its stale state.
  const std::string paused = ensemble_->connect_string({old});
  EXPECT_TRUE(wait_until(
      [&] {
        const auto hosts = workload_->connected_hosts();
        return std::find(hosts.begin(), hosts.end(), paused) == hosts.end();
      },
      seconds(30)));
  ensemble_->resume(old);
  EXPECT_TRUE(ensemble_->wait_synced(old, seconds(60))) << ensemble_->logs(old);
  EXPECT_EQ(ensemble_->mode(old), "follower");
  EXPECT_EQ(ensemble_->leader(), now);
  ASSERT_NO_FATAL_FAILURE(progress("after the old leader came back"));
  verify();
}

TEST_P(EnsembleFaultTest, PartitionedLeaderStepsDownWhileTheMajorityGoesOn) {
  if (::geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
  START_UNDER_LOAD(3, /*network_namespaces=*/true);
  const size_t old = leader();
  ensemble_->isolate(old);
  const size_t now = leader();  // among the two nodes that can still reach each other
  EXPECT_NE(now, old);
  EXPECT_TRUE(wait_until([&] { return ensemble_->mode(old) != "leader"; }, seconds(30)))
      << "the cut-off leader still leads";
  ASSERT_NO_FATAL_FAILURE(progress("while the old leader was cut off"));
  ensemble_->heal(old);
  EXPECT_TRUE(ensemble_->wait_synced(old, seconds(60))) << ensemble_->logs(old);
  EXPECT_EQ(ensemble_->mode(old), "follower");
  ASSERT_NO_FATAL_FAILURE(progress("after the partition healed"));
  verify();
}

TEST_P(EnsembleFaultTest, LeadershipTransfer) {
  if (GetParam() == ServerKind::kApacheZooKeeper) {
    GTEST_SKIP() << "Apache ZooKeeper 3.8 has no leadership transfer command";
  }
  START_UNDER_LOAD(3);
  const size_t old = leader();
  const size_t target = (old + 1) % ensemble_->size();
  const std::optional<std::string> reply = ensemble_->admin_get(
      old, "/commands/transfer_leadership?target=" + std::to_string(target + 1));
  if (!reply) {
    workload_->stop();
    GTEST_SKIP() << "this zkserver build serves no admin HTTP server: no transfer_leadership";
  }
  EXPECT_TRUE(wait_until([&] { return ensemble_->leader() == target; }, seconds(10))) << *reply;
  ASSERT_NO_FATAL_FAILURE(progress("after the transfer"));
  verify();
}

INSTANTIATE_TEST_SUITE_P(Kinds, EnsembleFaultTest, ::testing::ValuesIn(server_kinds()),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace zkd::testing
