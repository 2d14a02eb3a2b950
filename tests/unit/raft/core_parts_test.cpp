// The core's building blocks on their own: quorum arithmetic, progress flow control, the log's
// append/truncate/persist bookkeeping, membership arithmetic and status.
#include <gtest/gtest.h>

#include "server/replication/log.hpp"
#include "server/replication/membership.hpp"
#include "server/replication/progress.hpp"
#include "server/replication/quorum.hpp"
#include "tests/unit/raft/cluster.hpp"

namespace zks::raft {
namespace {

TEST(RaftQuorum, MajorityIndexIsReachedByAMajority) {
  std::map<NodeId, Index> acked{{1, 5}, {2, 9}, {3, 7}};
  auto at = [&](NodeId id) { return acked.contains(id) ? acked[id] : Index{0}; };
  EXPECT_EQ(majority_index({1, 2, 3}, at), 7u);
  EXPECT_EQ(majority_index({1, 2, 3, 4}, at), 5u);  // 4 knows nothing: 3 of 4 reach 5
  EXPECT_EQ(majority_index({2}, at), 9u);
  EXPECT_EQ(majority_index({}, at), 0u);
}

TEST(RaftQuorum, VoteOutcome) {
  EXPECT_EQ(vote_outcome({1, 2, 3}, {{1, true}}), VoteOutcome::kPending);
  EXPECT_EQ(vote_outcome({1, 2, 3}, {{1, true}, {2, true}}), VoteOutcome::kWon);
  EXPECT_EQ(vote_outcome({1, 2, 3}, {{1, true}, {2, false}, {3, false}}), VoteOutcome::kLost);
  EXPECT_EQ(vote_outcome({1, 2, 3, 4}, {{1, true}, {2, true}}), VoteOutcome::kPending);
  EXPECT_EQ(vote_outcome({1, 2, 3}, {{9, true}, {1, true}}), VoteOutcome::kPending);  // 9 no voter
}

TEST(RaftProgress, ProbeSendsOneAtATimeAndReplicateAWindow) {
  Progress pr(10, 2);
  EXPECT_FALSE(pr.paused());
  pr.sent_append(1, 10);
  EXPECT_TRUE(pr.paused());  // probe: wait for the answer
  EXPECT_TRUE(pr.maybe_update(10));
  pr.become_replicate();
  EXPECT_EQ(pr.next, 11u);
  pr.sent_append(3, 13);
  pr.sent_append(2, 15);
  EXPECT_EQ(pr.next, 16u);
  EXPECT_TRUE(pr.paused());
  pr.inflights.free_up_to(13);
  EXPECT_FALSE(pr.paused());
}

TEST(RaftProgress, StaleRejectionsAreIgnored) {
  Progress pr(10, 4);
  pr.sent_append(1, 10);                     // probe at prev 9
  EXPECT_FALSE(pr.maybe_decrease_to(5, 3));  // not the probe we sent
  EXPECT_TRUE(pr.maybe_decrease_to(9, 6));
  EXPECT_EQ(pr.next, 7u);
  pr.match = 6;
  pr.become_replicate();
  EXPECT_FALSE(pr.maybe_decrease_to(6, 0));  // at or below match
}

TEST(RaftLogBookkeeping, TruncationRewindsPersistenceAndReHandsEntries) {
  RaftLog log({}, {}, 0, 0);
  log.append({{1, 0, EntryType::kNormal, "a"},
              {1, 0, EntryType::kNormal, "b"},
              {1, 0, EntryType::kNormal, "c"}});
  EXPECT_EQ(log.take_unhanded().size(), 3u);
  EXPECT_TRUE(log.mark_persisted(3, 1));
  bool truncated = false;
  auto last = log.maybe_append(1, 1, {{2, 2, EntryType::kNormal, "B"}}, truncated);
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, 2u);
  EXPECT_TRUE(truncated);
  EXPECT_EQ(log.persisted(), 1u);
  std::vector<Entry> again = log.take_unhanded();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].data, "B");
  EXPECT_FALSE(log.mark_persisted(3, 1));  // an acknowledgement for the replaced tail
  EXPECT_TRUE(log.mark_persisted(2, 2));
}

TEST(RaftLogBookkeeping, OnlyDurableCommittedEntriesAreApplied) {
  RaftLog log({}, {}, 0, 0);
  log.append({{1, 0, EntryType::kNormal, "a"}, {1, 0, EntryType::kNormal, "b"}});
  log.commit_to(2);
  EXPECT_TRUE(log.take_committed().empty());
  log.mark_persisted(1, 1);
  EXPECT_EQ(log.take_committed().size(), 1u);
  log.mark_persisted(2, 1);
  EXPECT_EQ(log.take_committed().at(0).data, "b");
}

TEST(RaftLogBookkeeping, ConflictHintSkipsAWholeTerm) {
  std::vector<Entry> entries;
  for (Index i = 1; i <= 9; ++i) entries.push_back({i <= 3 ? 1u : 4u, i, EntryType::kNormal, ""});
  RaftLog log({}, entries, 0, 0);
  EXPECT_EQ(log.find_conflict_by_term(9, 3), 3u);
  EXPECT_EQ(log.find_conflict_by_term(9, 4), 9u);
  EXPECT_EQ(log.find_conflict_by_term(9, 0), 0u);
}

TEST(RaftMembershipMath, ChangesProduceTheNextConfiguration) {
  std::string why;
  ConfState conf{{1, 2, 3}, {4}};
  EXPECT_EQ(apply_conf_change(conf, {ConfChangeType::kAddVoter, 4}, why),
            (ConfState{{1, 2, 3, 4}, {}}));
  EXPECT_EQ(apply_conf_change(conf, {ConfChangeType::kAddLearner, 3}, why),
            (ConfState{{1, 2}, {3, 4}}));
  EXPECT_EQ(apply_conf_change(conf, {ConfChangeType::kRemoveNode, 4}, why),
            (ConfState{{1, 2, 3}, {}}));
  EXPECT_FALSE(apply_conf_change(conf, {ConfChangeType::kAddLearner, 4}, why));
  EXPECT_NE(why.find("already a learner"), std::string::npos);
}

TEST(RaftStatus, LeaderReportsSyncedFollowers) {
  Config config;
  config.synced_max_lag = 2;
  test::Cluster c({1, 2, 3, 4, 5}, {6}, config);
  c.campaign(1);
  Status s = c.node(1).status();
  EXPECT_EQ(s.role_label(), "leader");
  EXPECT_EQ(s.leader, 1u);
  ASSERT_EQ(s.peers.size(), 5u);
  EXPECT_EQ(s.synced_followers(), 4u);  // voters only; the learner is synced too but not counted
  // Node 3 answers heartbeats but receives no entries: it falls behind. Node 4 is silent.
  c.set_filter([](Message& m) { return !(m.to == 3 && m.type == MessageType::kAppend); });
  c.isolate(4);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(c.node(1).propose("x").accepted());
  c.settle();
  for (int i = 0; i < 10; ++i) {
    c.tick(1);
    c.settle();
  }
  s = c.node(1).status();
  EXPECT_EQ(s.synced_followers(), 2u);
  EXPECT_EQ(s.commit, s.last_index);
  for (const auto& peer : s.peers) {
    EXPECT_EQ(peer.synced, peer.id == 2 || peer.id == 5 || peer.id == 6) << "node " << peer.id;
    EXPECT_EQ(peer.recent_active, peer.id != 4) << "node " << peer.id;
  }
  EXPECT_EQ(c.node(2).status().role_label(), "follower");
  EXPECT_EQ(c.node(6).status().role_label(), "learner");
  EXPECT_TRUE(c.node(2).status().peers.empty());
}

}  // namespace
}  // namespace zks::raft
