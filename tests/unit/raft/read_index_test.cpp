// Read index: a leader confirms its leadership with a heartbeat round before releasing a read
// point; a cut-off leader never does; reads wait for the leader's first own-term commit.
#include <gtest/gtest.h>

#include "tests/unit/raft/cluster.hpp"

namespace zks::raft::test {
namespace {

TEST(RaftReadIndex, ReleasedAfterAMajorityConfirmsLeadership) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  ASSERT_TRUE(c.node(1).propose("w").accepted());
  c.settle();
  Index commit = c.node(1).log().committed();
  ASSERT_TRUE(c.node(1).read_index(7).accepted());
  std::vector<Message> out = c.collect();
  EXPECT_TRUE(c.reads(1).empty());  // not before the heartbeat round
  ASSERT_EQ(out.size(), 2u);
  for (const auto& m : out) EXPECT_EQ(m.type, MessageType::kHeartbeat);
  for (const auto& m : out) c.deliver(m);
  c.settle();
  EXPECT_EQ(c.reads(1), (std::vector<ReadState>{{7, commit}}));
}

TEST(RaftReadIndex, ACutOffLeaderNeverAnswersAndAbortsOnSteppingDown) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.isolate(1);
  ASSERT_TRUE(c.node(1).read_index(8).accepted());
  c.settle();
  EXPECT_TRUE(c.reads(1).empty());
  for (int i = 0; i < 20 && c.node(1).role() == Role::kLeader; ++i) {
    c.tick(1);
    c.settle();
  }
  EXPECT_TRUE(c.reads(1).empty());
  EXPECT_EQ(c.aborted_reads(1), std::vector<std::uint64_t>{8});
}

TEST(RaftReadIndex, WaitsForTheLeadersFirstCommitOfItsTerm) {
  Cluster c({1, 2, 3});
  c.set_filter([](Message& m) { return m.type != MessageType::kAppendResp; });
  c.campaign(1);
  ASSERT_TRUE(c.node(1).read_index(9).accepted());
  c.settle();
  EXPECT_TRUE(c.reads(1).empty());
  c.set_filter(nullptr);
  c.tick(1);
  c.settle();
  ASSERT_EQ(c.reads(1).size(), 1u);
  EXPECT_EQ(c.reads(1)[0].index, c.node(1).log().committed());
  EXPECT_EQ(c.node(1).log().term(c.reads(1)[0].index), c.node(1).term());
}

TEST(RaftReadIndex, FollowersRefuse) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  EXPECT_EQ(c.node(2).read_index(1).refusal, Refusal::kNotLeader);
}

TEST(RaftReadIndex, ASingleNodeAnswersAtOnce) {
  Cluster c({1});
  c.campaign(1);
  ASSERT_TRUE(c.node(1).read_index(3).accepted());
  c.settle();
  EXPECT_EQ(c.reads(1).size(), 1u);
}

}  // namespace
}  // namespace zks::raft::test
