// LocalEnsemble on real servers: a 3-node ensemble forms on its own loopback block, elects one
// leader, survives kill -9 of the leader, takes a restarted node back as a synced follower,
// keeps serving while a follower is paused, and leaves no process behind; an observer
// observes.
#include "tests/harness/local_ensemble.hpp"

#include <gtest/gtest.h>

#include "tests/harness/process_tree.hpp"
#include "tests/integration/ensemble/server_kinds.hpp"

namespace zkd::testing {
namespace {

using std::chrono::seconds;

class LocalEnsembleTest : public ::testing::TestWithParam<ServerKind> {};

TEST_P(LocalEnsembleTest, ElectsRecoversAndCleansUp) {
  std::vector<pid_t> pids;
  {
    LocalEnsemble ensemble(ensemble_options(GetParam(), 3));
    ASSERT_TRUE(ensemble.address(0).starts_with("127.0.2")) << ensemble.address(0);
    EXPECT_EQ(ensemble.connect_string({1, 2}),
              ensemble.address(1) + ":2181," + ensemble.address(2) + ":2181");
    ensemble.start_all();
    ZKD_SKIP_UNLESS_ENSEMBLE(ensemble);
    const std::optional<size_t> first = ensemble.wait_for_leader(seconds(60));
    ASSERT_TRUE(first) << ensemble.logs(0);
    for (size_t i = 0; i < ensemble.size(); ++i) pids.push_back(ensemble.pid(i));

    ensemble.kill9(*first);
    EXPECT_FALSE(ensemble.running(*first));
    const std::optional<size_t> second = ensemble.wait_for_leader(seconds(30));
    ASSERT_TRUE(second);
    EXPECT_NE(*second, *first);

    ensemble.start(*first);
    EXPECT_TRUE(ensemble.wait_synced(*first, seconds(30))) << ensemble.logs(*first);
    EXPECT_EQ(ensemble.mode(*first), "follower");
    pids.push_back(ensemble.pid(*first));

    const size_t follower = (*second + 1) % ensemble.size();
    ensemble.pause(follower);
    EXPECT_EQ(ensemble.mode(follower), "");  // a stopped server answers nothing
    EXPECT_EQ(ensemble.leader(), second);
    ensemble.resume(follower);
    EXPECT_TRUE(ensemble.wait_synced(follower, seconds(30)));
  }
  for (pid_t pid : pids) EXPECT_FALSE(is_alive(pid)) << pid;
}

TEST_P(LocalEnsembleTest, ObserverServesWithoutVoting) {
  LocalEnsembleOptions options = ensemble_options(GetParam(), 3);
  options.observers = 1;
  LocalEnsemble ensemble(options);
  ensemble.start_all();
  ZKD_SKIP_UNLESS_ENSEMBLE(ensemble);
  ASSERT_TRUE(ensemble.wait_for_leader(seconds(60))) << ensemble.logs(3);
  EXPECT_EQ(ensemble.mode(3), "observer");
  EXPECT_TRUE(ensemble.wait_synced(3, seconds(30)));
}

INSTANTIATE_TEST_SUITE_P(Kinds, LocalEnsembleTest, ::testing::ValuesIn(server_kinds()),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace zkd::testing
