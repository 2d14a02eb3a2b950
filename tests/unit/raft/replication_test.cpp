// Replication: ordered application, the Figure 8 commit rule, conflict truncation, and flow
// control.
#include <gtest/gtest.h>

#include "tests/unit/raft/cluster.hpp"

namespace zks::raft::test {
namespace {

// Elects `id`, retrying while a stale term makes the first campaign fail.
void elect(Cluster& c, NodeId id) {
  for (int i = 0; i < 5 && c.node(id).role() != Role::kLeader; ++i) c.campaign(id);
  ASSERT_EQ(c.node(id).role(), Role::kLeader);
}

TEST(RaftReplication, EveryNodeAppliesTheSameEntriesInOrder) {
  Cluster c({1, 2, 3});
  elect(c, 1);
  std::vector<std::string> expected;
  for (int i = 0; i < 20; ++i) {
    expected.push_back("cmd" + std::to_string(i));
    Proposal p = c.node(1).propose(expected.back());
    ASSERT_TRUE(p.accepted());
    EXPECT_EQ(p.term, c.node(1).term());
  }
  c.settle();
  for (NodeId id : c.ids()) EXPECT_EQ(c.applied(id), expected);
}

TEST(RaftReplication, FollowersRefuseProposals) {
  Cluster c({1, 2, 3});
  elect(c, 1);
  Proposal p = c.node(2).propose("x");
  EXPECT_EQ(p.refusal, Refusal::kNotLeader);
  EXPECT_EQ(c.node(2).status().leader, 1u);
}

// Raft paper, Figure 8: an entry of an earlier term stored on a majority is not committed by
// counting replicas, because a later leader may still overwrite it.
class Figure8 : public ::testing::Test {
 protected:
  Figure8() : c_({1, 2, 3, 4, 5}, {}, classic()) {}
  static Config classic() {
    Config config;  // the paper's rules alone: no pre-vote, no stickiness
    config.pre_vote = false;
    config.check_quorum = false;
    return config;
  }

  // (a) S1 leads term 2 and stores "x" (index 3) on S1 and S2 only. (b) S5 leads term 3 with
  // votes of S3, S4 and stores its no-op at index 3 on itself only. (c) S1 leads term 4
  // and brings "x" to S3: a majority stores index 3 (term 2).
  void play_until_c(bool let_own_term_entry_through) {
    elect(c_, 1);
    EXPECT_EQ(c_.node(1).term(), 2u);
    for (NodeId id : {3, 4, 5}) c_.cut(1, id);
    ASSERT_TRUE(c_.node(1).propose("x").accepted());
    c_.settle();
    EXPECT_EQ(c_.node(2).log().term(3), 2u);

    c_.heal();
    c_.isolate(1);
    c_.cut(5, 2);
    c_.set_filter([](Message& m) { return !(m.from == 5 && m.type == MessageType::kAppend); });
    elect(c_, 5);
    EXPECT_EQ(c_.node(5).term(), 3u);
    EXPECT_EQ(c_.node(5).log().term(3), 3u);

    c_.heal();
    c_.isolate(5);
    c_.restart(5);  // S5 crashes; S1 restarts
    c_.restart(1);
    c_.cut(1, 4);
    c_.set_filter([let_own_term_entry_through](Message& m) {
      if (m.from == 1 && m.type == MessageType::kAppend && !let_own_term_entry_through)
        std::erase_if(m.entries, [](const Entry& e) { return e.index > 3; });
      return true;
    });
    elect(c_, 1);
    EXPECT_EQ(c_.node(1).term(), 4u);
    c_.settle();
  }

  Cluster c_;
};

TEST_F(Figure8, AnOldTermEntryOnAMajorityIsNotCommittedAndMayBeOverwritten) {
  play_until_c(false);
  Status s = c_.node(1).status();
  int holding_x = 1;  // S1 itself
  for (const auto& peer : s.peers) holding_x += peer.match >= 3 ? 1 : 0;
  EXPECT_GE(holding_x, 3);                      // a majority stores index 3 (term 2)...
  EXPECT_EQ(c_.node(1).log().committed(), 2u);  // ...yet it is not committed

  // (d) S1 fails; S5 wins term 5 (its last term 3 beats their 2) and overwrites index 3.
  c_.set_filter(nullptr);
  c_.heal();
  c_.isolate(1);
  elect(c_, 5);
  c_.settle();
  for (NodeId id : {2, 3, 4, 5}) {
    EXPECT_EQ(c_.node(id).log().term(3), 3u) << "node " << id;
    EXPECT_TRUE(c_.applied(id).empty()) << "node " << id;  // "x" was never applied anywhere
  }
  EXPECT_TRUE(c_.applied(1).empty());
}

TEST_F(Figure8, AnEntryOfTheLeadersTermCommitsTheEarlierOnesWithIt) {
  play_until_c(true);
  EXPECT_GE(c_.node(1).log().committed(), 4u);
  EXPECT_EQ(c_.applied(1), std::vector<std::string>{"x"});
  // Now S5 can no longer win: a majority holds an entry of term 4.
  c_.set_filter(nullptr);
  c_.heal();
  c_.isolate(1);
  c_.campaign(5);
  c_.campaign(5);
  EXPECT_NE(c_.node(5).role(), Role::kLeader);
}

TEST(RaftReplication, ConflictingUncommittedEntriesAreTruncated) {
  Config config;
  config.check_quorum = false;  // the cut-off leader keeps its term until it hears of the new one
  Cluster c({1, 2, 3}, {}, config);
  elect(c, 1);
  ASSERT_TRUE(c.node(1).propose("committed").accepted());
  c.settle();
  c.isolate(1);
  ASSERT_TRUE(c.node(1).propose("lost-a").accepted());
  ASSERT_TRUE(c.node(1).propose("lost-b").accepted());
  c.settle();
  Index stale_last = c.node(1).log().last_index();
  elect(c, 2);
  ASSERT_TRUE(c.node(2).propose("kept").accepted());
  c.settle();
  c.heal();
  c.tick(2, 2);
  c.settle();
  EXPECT_EQ(c.node(1).role(), Role::kFollower);
  for (NodeId id : c.ids())
    EXPECT_EQ(c.applied(id), (std::vector<std::string>{"committed", "kept"})) << "node " << id;
  EXPECT_NE(c.node(1).log().term(stale_last), Term{2});
  EXPECT_EQ(c.storage(1).entries.back().index, c.node(2).log().last_index());
}

TEST(RaftReplication, DuplicatedAndReorderedAppendsNeverTruncate) {
  Cluster c({1, 2});
  elect(c, 1);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  std::vector<Message> out = c.collect();
  ASSERT_FALSE(out.empty());
  for (const auto& m : out) c.deliver(m);
  c.settle();
  Index last = c.node(2).log().last_index();
  // Replaying the old appends (prefixes of the follower's log) keeps the longer log.
  for (const auto& m : out) c.deliver(m);
  EXPECT_EQ(last, 5u);
  EXPECT_EQ(c.node(2).log().last_index(), last);
  EXPECT_FALSE(c.node(2).ready().snapshot);
}

TEST(RaftReplication, FlowControlBoundsAppendsInFlight) {
  Config config;
  config.max_inflight = 2;
  config.max_message_bytes = 1;  // one entry per message
  Cluster c({1, 2}, {}, config);
  elect(c, 1);
  // Node 2's answers are lost: the leader may not have more than 2 messages out.
  c.set_filter([](Message& m) { return m.type != MessageType::kAppendResp; });
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  int appends = 0;
  for (const auto& m : c.collect()) appends += m.type == MessageType::kAppend ? 1 : 0;
  EXPECT_EQ(appends, 2);
  EXPECT_EQ(c.node(1).status().peers.at(0).state, ProgressState::kReplicate);
  // Once answers flow again, the window drains and the rest follows.
  c.set_filter(nullptr);
  c.tick(1);
  c.settle();
  EXPECT_EQ(c.applied(2).size(), 10u);
}

TEST(RaftReplication, AppendsAreBatchedPerReady) {
  Cluster c({1, 2, 3});
  elect(c, 1);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  std::vector<Message> out = c.collect();
  ASSERT_EQ(out.size(), 2u);  // one message per follower carries all 100 entries
  for (const auto& m : out) EXPECT_EQ(m.entries.size(), 100u);
}

TEST(RaftReplication, ARejectedProbeBacktracksByTerm) {
  Cluster c({1, 2, 3});
  elect(c, 1);
  c.isolate(3);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  c.settle();
  c.heal();
  int rejections = 0;
  c.set_filter([&](Message& m) {
    rejections += m.type == MessageType::kAppendResp && m.reject ? 1 : 0;
    return true;
  });
  c.tick(1);
  c.settle();
  EXPECT_EQ(c.applied(3).size(), 30u);
  EXPECT_LE(rejections, 1);  // the hint skips straight to the match, not one entry per trip
}

}  // namespace
}  // namespace zks::raft::test
