#include "orchestrator/apply/readiness.hpp"

#include <gtest/gtest.h>

#include "tests/unit/probe/member_status.hpp"

namespace zkd {
namespace {

// zk2 leads at zxid 0x200000010; zk3 is level with it, zk1 at `follower_zxid`.
std::vector<MemberProbe> ensemble(int64_t synced, uint64_t follower_zxid) {
  return test::trio(test::serving(ServerMode::follower, follower_zxid),
                    test::leader(0x200000010, synced),
                    test::serving(ServerMode::follower, 0x200000010));
}

TEST(Readiness, ReadyWhenHealthyAndTheLeaderCountsEveryoneSynced) {
  EXPECT_TRUE(nodes_ready(evaluate_health(ensemble(2, 0x200000010), {}), {1}, false).ready);
}

TEST(Readiness, NotReadyUntilTheLeaderCountsTheNodeBack) {
  const Readiness r = nodes_ready(evaluate_health(ensemble(1, 0x200000010), {}), {1}, false);
  EXPECT_FALSE(r.ready);
  EXPECT_NE(r.reason.find("1 of 2"), std::string::npos) << r.reason;
}

TEST(Readiness, FollowerSampledAfterTheLeaderIsNotBehindUnderLoad) {
  // Under writes the follower's later sample is past the leader's earlier one: no lag.
  EXPECT_TRUE(nodes_ready(evaluate_health(ensemble(2, 0x200000015), {}), {1}, false).ready);
  // Behind the leader's own sample: not caught up with max_zxid_lag 0.
  const Readiness behind = nodes_ready(evaluate_health(ensemble(2, 0x20000000c), {}), {1}, false);
  EXPECT_FALSE(behind.ready);
  EXPECT_NE(behind.reason.find("behind"), std::string::npos) << behind.reason;
  EXPECT_TRUE(nodes_ready(evaluate_health(ensemble(2, 0x20000000c), {4}), {1}, false).ready);
}

TEST(Readiness, DegradedAcceptsTheSyncedCountOfTheHealthyVoters) {
  auto members = ensemble(1, 0x200000010);
  members[2].status = ServerStatus{};  // zk3 is down
  const EnsembleHealth health = evaluate_health(members, {});
  EXPECT_FALSE(nodes_ready(health, {1}, false).ready);
  EXPECT_TRUE(nodes_ready(health, {1}, true).ready);
}

}  // namespace
}  // namespace zkd
