#include "orchestrator/gather/leader_first.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "tests/unit/probe/member_status.hpp"

namespace zkd {
namespace {

using test::leader;
using test::serving;

TEST(LeaderFirst, FollowerIsProbedAgainUntilItReachesTheLeadersSample) {
  std::vector<ServerStatus> statuses = {serving(ServerMode::follower, 0x100000005),
                                        leader(0x100000010, 1)};
  std::atomic<int> probes{0};
  resample_after_leader(
      statuses, {"east", "east"}, 4, [&](size_t k) -> std::optional<ServerStatus> {
        EXPECT_EQ(k, 0u);  // the leader is never probed again
        return serving(ServerMode::follower, 0x10000000e + static_cast<uint64_t>(++probes));
      });
  EXPECT_EQ(probes.load(), 2);
  EXPECT_EQ(statuses[0].zxid, 0x100000010u);
}

TEST(LeaderFirst, StuckFollowerStaysBehindWhenTheWindowCloses) {
  std::vector<ServerStatus> statuses = {serving(ServerMode::follower, 0x100000005),
                                        leader(0x100000010, 1)};
  resample_after_leader(
      statuses, {"east", "east"}, 4,
      [](size_t) -> std::optional<ServerStatus> {
        return serving(ServerMode::follower, 0x100000005);
      },
      std::chrono::milliseconds(50));
  EXPECT_EQ(statuses[0].zxid, 0x100000005u);
}

TEST(LeaderFirst, NewEpochOrOtherClusterNeedsOneProbeOnly) {
  std::vector<ServerStatus> statuses = {serving(ServerMode::follower, 0x100000005),
                                        leader(0x200000000, 1),
                                        serving(ServerMode::follower, 0x100000001)};
  std::atomic<int> probes{0};
  resample_after_leader(statuses, {"east", "east", "west"}, 4,
                        [&](size_t k) -> std::optional<ServerStatus> {
                          ++probes;
                          return statuses[k];
                        });
  EXPECT_EQ(probes.load(), 2);
}

TEST(LeaderFirst, FollowerAlreadyAtTheLeadersSampleIsNotProbedAgain) {
  std::vector<ServerStatus> statuses = {serving(ServerMode::follower, 0x100000010),
                                        leader(0x100000010, 1)};
  std::atomic<int> probes{0};
  resample_after_leader(statuses, {"east", "east"}, 4,
                        [&](size_t k) -> std::optional<ServerStatus> {
                          ++probes;
                          return statuses[k];
                        });
  EXPECT_EQ(probes.load(), 0);
  EXPECT_EQ(statuses[0].zxid, 0x100000010u);
}

TEST(LeaderFirst, UnreachableSecondProbeKeepsTheFirstAnswer) {
  std::vector<ServerStatus> statuses = {serving(ServerMode::follower, 0x100000005),
                                        leader(0x100000010, 1)};
  resample_after_leader(statuses, {"east", "east"}, 4,
                        [](size_t) -> std::optional<ServerStatus> { return std::nullopt; });
  EXPECT_EQ(statuses[0].zxid, 0x100000005u);
}

}  // namespace
}  // namespace zkd
