// Elections: basic election, the vote restriction, pre-vote, check-quorum, leader
// stickiness and restarting from persisted state.
#include <gtest/gtest.h>

#include "tests/unit/raft/cluster.hpp"

namespace zks::raft::test {
namespace {

TEST(RaftElection, ElectsOneLeaderWhichCommitsANoop) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  EXPECT_EQ(c.leader(), 1u);
  for (NodeId id : c.ids()) {
    EXPECT_EQ(c.node(id).term(), 2u);  // bootstrap is term 1
    EXPECT_EQ(c.node(id).leader(), 1u);
    // Index 1 is the bootstrap configuration, 2 the new leader's no-op.
    EXPECT_EQ(c.node(id).log().committed(), 2u);
    EXPECT_EQ(c.node(id).log().term(2), 2u);
    EXPECT_EQ(c.node(id).log().term(2), c.node(1).term());
  }
  EXPECT_EQ(c.node(2).role(), Role::kFollower);
}

TEST(RaftElection, CandidateWithStaleLogLoses) {
  Config config;
  config.check_quorum = false;  // no stickiness: only the log decides
  Cluster c({1, 2, 3}, {}, config);
  c.campaign(1);
  c.isolate(3);
  ASSERT_TRUE(c.node(1).propose("x").accepted());
  c.settle();
  c.heal();
  c.isolate(1);
  // Node 3 lacks "x": node 2 refuses it, so it cannot win; node 2 can.
  c.campaign(3);
  EXPECT_NE(c.node(3).role(), Role::kLeader);
  c.campaign(2);
  EXPECT_EQ(c.node(2).role(), Role::kLeader);
}

TEST(RaftElection, PreVoteKeepsAnIsolatedNodeFromRaisingTerms) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  Term term = c.node(1).term();
  c.isolate(3);
  c.tick(3, 100);
  c.settle();
  EXPECT_EQ(c.node(3).term(), term);
  EXPECT_EQ(c.node(3).role(), Role::kPreCandidate);
  c.heal();
  c.tick_all(3);
  c.settle();
  // Its return disturbs nothing: same leader, same term.
  EXPECT_EQ(c.leader(), 1u);
  EXPECT_EQ(c.node(1).term(), term);
  EXPECT_EQ(c.node(3).role(), Role::kFollower);
  EXPECT_EQ(c.node(3).leader(), 1u);
}

TEST(RaftElection, WithoutPreVoteAnIsolatedNodeDisruptsOnReturn) {
  Config config;
  config.pre_vote = false;
  config.check_quorum = false;
  Cluster c({1, 2, 3}, {}, config);
  c.campaign(1);
  Term term = c.node(1).term();
  c.isolate(3);
  c.tick(3, 100);
  c.settle();
  EXPECT_GT(c.node(3).term(), term + 2);
  c.heal();
  c.tick_all(2);
  c.settle();
  // The contrast with the test above: the old leader was deposed.
  EXPECT_GT(c.node(1).term(), term);
}

TEST(RaftElection, CheckQuorumMakesAnIsolatedLeaderStepDown) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.isolate(1);
  for (int i = 0; i < 2 * 10 && c.node(1).role() == Role::kLeader; ++i) {
    c.tick(1);
    c.settle();
  }
  EXPECT_EQ(c.node(1).role(), Role::kFollower);
  EXPECT_EQ(c.node(1).leader(), kNoNode);
}

TEST(RaftElection, LeaderWithLiveMajorityStaysAcrossElectionTimeouts) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  Term term = c.node(1).term();
  c.isolate(3);
  for (int i = 0; i < 50; ++i) {
    c.tick(1);
    c.tick(2);
    c.settle();
  }
  EXPECT_EQ(c.node(1).role(), Role::kLeader);
  EXPECT_EQ(c.node(1).term(), term);
}

TEST(RaftElection, FollowerWithLiveLeaderIgnoresVoteRequests) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  Term term = c.node(2).term();
  Index last = c.node(3).log().last_index();
  Message vote{.type = MessageType::kVote,
               .from = 3,
               .to = 2,
               .term = term + 5,
               .log_term = term,
               .index = last};
  c.node(2).step(vote);
  EXPECT_EQ(c.node(2).term(), term);  // stickiness: not even the term moves
  EXPECT_TRUE(c.collect().empty());   // and no answer
  // A campaign forced by a leadership transfer overrides stickiness.
  vote.context = kTransferContext;
  c.node(2).step(vote);
  EXPECT_EQ(c.node(2).term(), term + 5);
  std::vector<Message> out = c.collect();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, MessageType::kVoteResp);
  EXPECT_FALSE(out[0].reject);
}

TEST(RaftElection, FollowerWithLiveLeaderIgnoresPreVotesUntilTheLeaseExpires) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  Term term = c.node(2).term();
  Message pre_vote{.type = MessageType::kPreVote,
                   .from = 3,
                   .to = 2,
                   .term = term + 1,
                   .log_term = c.node(3).log().last_term(),
                   .index = c.node(3).log().last_index()};
  c.node(2).step(pre_vote);
  EXPECT_TRUE(c.collect().empty());
  // An election timeout without a word from the leader: the pre-vote is granted, and the
  // follower's term does not move (a pre-vote binds nothing).
  c.isolate(1);
  c.tick(2, 10);
  c.node(2).step(pre_vote);
  std::vector<Message> out = c.collect();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back().type, MessageType::kPreVoteResp);
  EXPECT_FALSE(out.back().reject);
  EXPECT_EQ(c.node(2).term(), term);
}

TEST(RaftElection, AFollowerThatLostUnsyncedEntriesRecoversThemFromTheLeader) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  ASSERT_TRUE(c.node(1).propose("durable").accepted());
  c.settle();
  ASSERT_TRUE(c.node(1).propose("unsynced").accepted());
  Index last = c.node(1).log().last_index();
  // Node 2 appends the entry in memory, then crashes before its Ready is written: the entry
  // is lost, and so is its acknowledgement (it would only have been sent after the write).
  for (const auto& m : c.collect())
    if (m.to == 2) c.node(2).step(m);
  ASSERT_EQ(c.node(2).log().last_index(), last);
  Ready lost = c.node(2).ready();
  ASSERT_EQ(lost.entries.back().data, "unsynced");
  c.restart(2);
  EXPECT_EQ(c.node(2).log().last_index(), last - 1);
  EXPECT_EQ(c.storage(2).entries.back().data, "durable");
  c.tick(1);
  c.settle();
  EXPECT_EQ(c.applied(2), (std::vector<std::string>{"durable", "unsynced"}));
  EXPECT_EQ(c.storage(2).entries.back().data, "unsynced");
}

TEST(RaftElection, VoteIsPersistedBeforeTheAnswerAndKeptAcrossRestart) {
  Cluster c({1, 2, 3});
  Message vote{
      .type = MessageType::kVote, .from = 3, .to = 2, .term = 7, .log_term = 1, .index = 1};
  c.node(2).step(vote);
  Ready rd = c.node(2).ready();
  ASSERT_TRUE(rd.hard_state);
  EXPECT_EQ(rd.hard_state->term, 7u);
  EXPECT_EQ(rd.hard_state->vote, 3u);
  ASSERT_EQ(rd.messages.size(), 1u);  // the grant travels in the same Ready: sent after persisting
  c.storage(2).persist(rd);
  c.restart(2);
  // The same term, asked by another candidate: refused, the vote was durable.
  c.node(2).step(
      {.type = MessageType::kVote, .from = 1, .to = 2, .term = 7, .log_term = 1, .index = 1});
  rd = c.node(2).ready();
  ASSERT_EQ(rd.messages.size(), 1u);
  EXPECT_TRUE(rd.messages[0].reject);
}

TEST(RaftElection, RestartedNodesResumeAsFollowersAndLearnCommitFromTheLeader) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  c.settle();
  Term term = c.node(1).term();
  Index last = c.node(1).log().last_index();
  // Node 3's disk holds an old commit index: the entries arrived, the commit did not.
  c.storage(3).hard_state.commit = 2;
  for (NodeId id : c.ids()) c.restart(id);
  for (NodeId id : c.ids()) {
    EXPECT_EQ(c.node(id).role(), Role::kFollower);
    EXPECT_EQ(c.node(id).term(), term);
    EXPECT_EQ(c.node(id).log().last_index(), last);
  }
  EXPECT_EQ(c.node(3).log().committed(), 2u);
  c.campaign(2);
  EXPECT_EQ(c.leader(), 2u);
  EXPECT_EQ(c.node(3).log().committed(), c.node(2).log().committed());
  for (NodeId id : c.ids())
    EXPECT_EQ(c.applied(id), (std::vector<std::string>{"e0", "e1", "e2", "e3", "e4"}));
}

TEST(RaftElection, SingleNodeElectsItselfAndCommitsOnItsOwn) {
  Cluster c({1});
  c.campaign(1);
  EXPECT_EQ(c.node(1).role(), Role::kLeader);
  ASSERT_TRUE(c.node(1).propose("solo").accepted());
  c.settle();
  EXPECT_EQ(c.applied(1), std::vector<std::string>{"solo"});
}

TEST(RaftElection, ElectionTimeoutsAreRandomisedFromTheSeed) {
  // Same seed, same timeouts; different nodes, (almost surely) different timeouts.
  auto ticks_to_campaign = [](NodeId id, std::uint64_t seed) {
    Config config;
    config.id = id;
    config.seed = seed;
    Node node(config, bootstrap_state({{1, 2, 3}, {}}));
    int ticks = 0;
    while (node.role() == Role::kFollower) node.tick(), ++ticks;
    return ticks;
  };
  EXPECT_EQ(ticks_to_campaign(1, 42), ticks_to_campaign(1, 42));
  std::set<int> seen;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    int ticks = ticks_to_campaign(1, seed);
    EXPECT_GE(ticks, 10);
    EXPECT_LT(ticks, 20);
    seen.insert(ticks);
  }
  EXPECT_GT(seen.size(), 3u);
}

}  // namespace
}  // namespace zks::raft::test

namespace zks::raft::test {
namespace {

TEST(RaftElection, LeaderUnreachableCampaignsAtOnceWhenTheLeaderIsGone) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  const Term term = c.node(1).term();
  c.isolate(1);                     // the leader's process died: its followers' links closed
  c.node(3).leader_unreachable(4);  // staggered: node 2 goes first
  c.node(2).leader_unreachable(0);
  c.settle();
  EXPECT_EQ(c.leader(), 2u);  // no tick needed: the election ran at once
  EXPECT_EQ(c.node(2).term(), term + 1);
  EXPECT_EQ(c.node(3).leader(), 2u);
}

TEST(RaftElection, LeaderUnreachableCampaignsAfterTheGivenTicks) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.isolate(1);
  c.node(3).leader_unreachable(3);
  c.node(2).leader_unreachable(10);  // out of its lease at once: it grants pre-votes
  c.tick(3, 2);
  c.settle();
  EXPECT_EQ(c.node(3).role(), Role::kFollower);
  c.tick(3, 1);
  c.settle();
  EXPECT_EQ(c.leader(), 3u);
}

TEST(RaftElection, LeaderUnreachableAnswersAPreVoteItRefusedWhileInLease) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.cut(1, 3);
  ASSERT_TRUE(c.node(1).propose("x").accepted());  // node 3's log falls behind
  c.settle();
  c.isolate(1);
  // Node 2 notices first and asks node 3, which still counts on its lease and keeps quiet.
  c.node(2).leader_unreachable(0);
  c.settle();
  EXPECT_NE(c.node(2).role(), Role::kLeader);
  // Node 3 notices: it grants the pre-vote it held back. Its own campaign could not win (its
  // log is behind node 2's), so without that answer both would wait an election timeout.
  c.node(3).leader_unreachable(2);
  c.settle();
  EXPECT_EQ(c.node(2).role(), Role::kLeader);  // no tick needed
  EXPECT_EQ(c.node(3).leader(), 2u);
}

TEST(RaftElection, LeaderUnreachableIsHarmlessWhileOthersHearTheLeader) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  const Term term = c.node(1).term();
  c.node(3).leader_unreachable(0);  // a false alarm: node 2 still follows node 1
  c.settle();
  EXPECT_EQ(c.leader(), 1u);
  EXPECT_EQ(c.node(1).term(), term);
  c.tick_all(3);
  c.settle();
  EXPECT_EQ(c.node(3).leader(), 1u);
}

TEST(RaftElection, ExpediteCampaignElectsAStartingEnsembleWithinTheGivenTicks) {
  Cluster c({1, 2, 3});
  c.node(2).expedite_campaign(5);
  c.node(1).expedite_campaign(2);
  c.tick(1, 1);
  c.settle();
  EXPECT_EQ(c.leader(), kNoNode);
  c.tick(1, 1);
  c.settle();
  EXPECT_EQ(c.leader(), 1u);  // long before any election timeout
  const Term term = c.node(1).term();
  c.node(2).expedite_campaign(0);  // knows its leader now: nothing happens
  c.settle();
  EXPECT_EQ(c.node(1).term(), term);
  EXPECT_EQ(c.node(2).leader(), 1u);
}

TEST(RaftElection, PeerConnectedTellsARestartedFollowerItsLeaderAtOnce) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  ASSERT_TRUE(c.node(1).propose("x").accepted());
  c.settle();
  c.restart(3);
  c.settle();
  EXPECT_EQ(c.node(3).leader(), kNoNode);  // it would wait for the next heartbeat tick
  c.node(2).peer_connected(3);             // only a leader answers
  c.settle();
  EXPECT_EQ(c.node(3).leader(), kNoNode);
  c.node(1).peer_connected(3);
  c.settle();
  EXPECT_EQ(c.node(3).leader(), 1u);  // no tick needed
  EXPECT_EQ(c.node(3).term(), c.node(1).term());
}

}  // namespace
}  // namespace zks::raft::test
