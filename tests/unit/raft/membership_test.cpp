// Membership: one change at a time, a new leader's own-term commit first, configurations in
// force when appended (and reverted when truncated), removing the leader, learners, the
// shell's context carried in the configuration entry.
#include <gtest/gtest.h>

#include "server/replication/codec.hpp"
#include "tests/unit/raft/cluster.hpp"

namespace zks::raft::test {
namespace {

TEST(RaftMembership, AddsAVoterOneChangeAtATime) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.add_empty(4);
  ASSERT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kAddVoter, 4}).accepted());
  // A second change while the first is uncommitted is refused.
  Proposal second = c.node(1).propose_conf_change({ConfChangeType::kAddVoter, 5});
  EXPECT_EQ(second.refusal, Refusal::kConfChangePending);
  c.settle();
  for (NodeId id : c.ids()) EXPECT_EQ(c.node(id).conf().voters, (std::set<NodeId>{1, 2, 3, 4}));
  ASSERT_TRUE(c.node(1).propose("hello").accepted());
  c.settle();
  EXPECT_EQ(c.applied(4), std::vector<std::string>{"hello"});
  c.add_empty(5);
  EXPECT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kAddVoter, 5}).accepted());
}

TEST(RaftMembership, AChangeCarriesItsContextInTheEntryToEveryNode) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.add_empty(4);
  ASSERT_TRUE(
      c.node(1).propose_conf_change({ConfChangeType::kAddVoter, 4, "addresses"}).accepted());
  c.settle();
  for (NodeId id : {1, 2, 3, 4}) {
    const RaftLog& log = c.node(id).log();
    auto entry = log.conf_entry_at(log.last_index());
    ASSERT_TRUE(entry) << "node " << id;
    EXPECT_EQ(decode_conf_entry(entry->data)->context, "addresses") << "node " << id;
    EXPECT_EQ(log.conf_at(log.last_index()), (ConfState{{1, 2, 3, 4}, {}})) << "node " << id;
  }
}

TEST(RaftMembership, ANewLeaderCommitsAnEntryOfItsTermBeforeAnyChange) {
  Cluster c({1, 2, 3});
  c.set_filter([](Message& m) { return m.type != MessageType::kAppendResp; });
  c.campaign(1);
  ASSERT_EQ(c.node(1).role(), Role::kLeader);
  EXPECT_EQ(c.node(1).propose_conf_change({ConfChangeType::kRemoveNode, 3}).refusal,
            Refusal::kConfChangePending);
  c.set_filter(nullptr);
  c.tick(1);
  c.settle();
  EXPECT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kRemoveNode, 3}).accepted());
}

TEST(RaftMembership, AConfigurationTakesEffectWhenAppendedNotWhenCommitted) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.add_empty(4);
  c.set_filter([](Message& m) { return m.type != MessageType::kAppendResp; });
  ASSERT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kAddVoter, 4}).accepted());
  c.settle();
  Index conf_index = c.node(1).log().last_index();
  for (NodeId id : {1, 2, 3}) {
    EXPECT_LT(c.node(id).log().committed(), conf_index);
    EXPECT_TRUE(c.node(id).conf().voters.contains(4)) << "node " << id;
  }
}

TEST(RaftMembership, ATruncatedConfigurationIsRevertedToThePreviousOne) {
  Config config;
  config.check_quorum = false;
  Cluster c({1, 2, 3, 4, 5}, {}, config);
  c.campaign(1);
  c.add_empty(6);
  for (NodeId id : {3, 4, 5}) c.cut(1, id);
  ASSERT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kAddLearner, 6}).accepted());
  c.settle();
  EXPECT_TRUE(c.node(2).conf().learners.contains(6));  // appended, so in force on node 2
  c.heal();
  c.isolate(1);
  c.isolate(2);
  c.campaign(3);
  ASSERT_EQ(c.leader(), 3u);
  ASSERT_TRUE(c.node(3).propose("overwrite").accepted());
  c.settle();
  c.heal();
  c.isolate(1);
  c.tick(3, 2);
  c.settle();
  EXPECT_EQ(c.node(2).conf(), (ConfState{{1, 2, 3, 4, 5}, {}}));
  EXPECT_EQ(c.applied(2), std::vector<std::string>{"overwrite"});
}

TEST(RaftMembership, ALeaderThatRemovesItselfStepsDownOnceCommitted) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  ASSERT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kRemoveNode, 1}).accepted());
  c.settle();
  EXPECT_NE(c.node(1).role(), Role::kLeader);
  // It handed over to an up-to-date voter; the survivors carry on without it.
  NodeId next = c.leader();
  ASSERT_TRUE(next == 2 || next == 3) << next;
  EXPECT_EQ(c.node(next).conf().voters, (std::set<NodeId>{2, 3}));
  ASSERT_TRUE(c.node(next).propose("later").accepted());
  c.settle();
  EXPECT_EQ(c.applied(2), std::vector<std::string>{"later"});
  // The removed node never campaigns again.
  c.isolate(1);
  c.tick(1, 100);
  EXPECT_EQ(c.node(1).role(), Role::kFollower);
}

TEST(RaftMembership, RemovingAFollowerShrinksTheQuorum) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  ASSERT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kRemoveNode, 3}).accepted());
  c.settle();
  c.isolate(3);
  c.cut(1, 2);  // with voters {1, 2}, both are needed now
  ASSERT_TRUE(c.node(1).propose("needs-both").accepted());
  c.settle();
  EXPECT_TRUE(c.applied(1).empty());
  c.heal();
  c.isolate(3);
  c.tick(1);
  c.settle();
  EXPECT_EQ(c.applied(1), std::vector<std::string>{"needs-both"});
}

TEST(RaftMembership, LearnersReplicateButNeitherVoteNorCount) {
  Cluster c({1, 2, 3}, {4});
  c.campaign(1);
  EXPECT_EQ(c.node(4).status().role_label(), "learner");
  ASSERT_TRUE(c.node(1).propose("a").accepted());
  c.settle();
  EXPECT_EQ(c.applied(4), std::vector<std::string>{"a"});
  // Voters 2 and 3 gone: the learner's acknowledgement does not make a quorum.
  c.cut(1, 2);
  c.cut(1, 3);
  ASSERT_TRUE(c.node(1).propose("b").accepted());
  c.settle();
  EXPECT_EQ(c.node(4).log().last_index(), c.node(1).log().last_index());
  EXPECT_EQ(c.applied(1), std::vector<std::string>{"a"});
  // A learner never campaigns.
  c.isolate(4);
  c.tick(4, 100);
  EXPECT_EQ(c.node(4).role(), Role::kFollower);
}

TEST(RaftMembership, ALearnerIsPromotedToVoter) {
  Cluster c({1, 2, 3}, {4});
  c.campaign(1);
  ASSERT_TRUE(c.node(1).propose_conf_change({ConfChangeType::kAddVoter, 4}).accepted());
  c.settle();
  EXPECT_EQ(c.node(4).status().role_label(), "follower");
  EXPECT_EQ(c.node(1).conf(), (ConfState{{1, 2, 3, 4}, {}}));
  // Now it can lead.
  ASSERT_TRUE(c.node(1).transfer_leadership(4).accepted());
  c.settle();
  EXPECT_EQ(c.leader(), 4u);
}

TEST(RaftMembership, InvalidChangesAreRefused) {
  Cluster c({1});
  c.campaign(1);
  EXPECT_EQ(c.node(1).propose_conf_change({ConfChangeType::kAddVoter, 1}).refusal,
            Refusal::kInvalid);
  EXPECT_EQ(c.node(1).propose_conf_change({ConfChangeType::kRemoveNode, 1}).refusal,
            Refusal::kInvalid);  // no voter would be left
  EXPECT_EQ(c.node(1).propose_conf_change({ConfChangeType::kRemoveNode, 7}).refusal,
            Refusal::kInvalid);
}

}  // namespace
}  // namespace zks::raft::test
