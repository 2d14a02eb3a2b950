// Leadership transfer: success, catching up a lagging target, refusal of proposals while it
// runs, abort after an election timeout, and invalid targets.
#include <gtest/gtest.h>

#include "tests/unit/raft/cluster.hpp"

namespace zks::raft::test {
namespace {

TEST(RaftTransfer, UpToDateTargetTakesOverAtOnce) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  Term term = c.node(1).term();
  ASSERT_TRUE(c.node(1).transfer_leadership(2).accepted());
  c.settle();
  EXPECT_EQ(c.leader(), 2u);
  EXPECT_EQ(c.node(2).term(), term + 1);
  EXPECT_EQ(c.node(1).role(), Role::kFollower);
  ASSERT_TRUE(c.node(2).propose("after").accepted());
  c.settle();
  for (NodeId id : c.ids()) EXPECT_EQ(c.applied(id), std::vector<std::string>{"after"});
}

TEST(RaftTransfer, LaggingTargetIsCaughtUpFirst) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.isolate(3);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  c.settle();
  c.heal();
  bool timeout_now_before_caught_up = false;
  c.set_filter([&](Message& m) {
    if (m.type == MessageType::kTimeoutNow)
      timeout_now_before_caught_up = c.node(3).log().last_index() < c.node(1).log().last_index();
    return true;
  });
  ASSERT_TRUE(c.node(1).transfer_leadership(3).accepted());
  c.settle();
  EXPECT_FALSE(timeout_now_before_caught_up);
  EXPECT_EQ(c.leader(), 3u);
  EXPECT_EQ(c.applied(3).size(), 10u);
}

TEST(RaftTransfer, ProposalsAreRefusedDuringTransferAndTheTransferAbortsAfterATimeout) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  Term term = c.node(1).term();
  c.cut(1, 3);  // the target never hears the TimeoutNow
  ASSERT_TRUE(c.node(1).transfer_leadership(3).accepted());
  c.settle();
  EXPECT_EQ(c.node(1).status().transferee, 3u);
  EXPECT_EQ(c.node(1).propose("during").refusal, Refusal::kTransferring);
  for (int i = 0; i < 10; ++i) {
    c.tick(1);
    c.tick(2);
    c.settle();
  }
  EXPECT_EQ(c.node(1).status().transferee, kNoNode);
  EXPECT_EQ(c.leader(), 1u);
  EXPECT_EQ(c.node(1).term(), term);
  EXPECT_TRUE(c.node(1).propose("after").accepted());
}

TEST(RaftTransfer, InvalidTargetsAreRefused) {
  Cluster c({1, 2, 3}, {4});
  c.campaign(1);
  EXPECT_EQ(c.node(1).transfer_leadership(4).refusal, Refusal::kInvalid);  // a learner
  EXPECT_EQ(c.node(1).transfer_leadership(9).refusal, Refusal::kInvalid);  // not a member
  EXPECT_EQ(c.node(2).transfer_leadership(3).refusal, Refusal::kNotLeader);
  EXPECT_EQ(c.node(1).status().transferee, kNoNode);
}

}  // namespace
}  // namespace zks::raft::test
