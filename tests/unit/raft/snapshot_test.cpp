// Snapshots: compaction, sending a snapshot to a lagging follower, installing it with a
// matching or a conflicting log, and restarting from one.
#include <gtest/gtest.h>

#include "tests/unit/raft/cluster.hpp"

namespace zks::raft::test {
namespace {

std::vector<Entry> entries(Index first, Index last, Term term) {
  std::vector<Entry> out;
  for (Index i = first; i <= last; ++i) out.push_back({term, i, EntryType::kNormal, "e"});
  return out;
}

// A follower (node 2 of {1, 2, 3}) whose disk holds entries 1..5 of term 1, commit 2.
Node follower_with_log() {
  PersistentState state;
  state.hard_state = {1, kNoNode, 2};
  state.entries = entries(1, 5, 1);
  state.snapshot.conf = {{1, 2, 3}, {}};
  Config config;
  config.id = 2;
  return Node(config, state);
}

Message snapshot_message(Index index, Term term) {
  return {.type = MessageType::kSnapshot,
          .from = 1,
          .to = 2,
          .term = 2,
          .snapshot = {index, term, {{1, 2, 3}, {}}}};
}

TEST(RaftSnapshot, CompactionDropsTheAppliedPrefix) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(c.node(1).propose("e").accepted());
  c.settle();
  Index applied = c.applied_index(1);
  std::optional<SnapshotMeta> meta = c.node(1).compact(applied);
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->index, applied);
  EXPECT_EQ(meta->term, c.node(1).term());
  EXPECT_EQ(meta->conf, (ConfState{{1, 2, 3}, {}}));
  EXPECT_EQ(c.node(1).log().first_index(), applied + 1);
  EXPECT_FALSE(c.node(1).log().term(applied - 1));
  EXPECT_FALSE(c.node(1).compact(applied));  // nothing left to drop
}

TEST(RaftSnapshot, ALaggingFollowerReceivesASnapshot) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.isolate(3);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  c.settle();
  c.compact(1);
  c.heal();
  int snapshots = 0;
  c.set_filter([&](Message& m) {
    snapshots += m.type == MessageType::kSnapshot ? 1 : 0;
    return true;
  });
  c.tick(1);
  c.settle();
  EXPECT_EQ(snapshots, 1);
  EXPECT_EQ(c.storage(3).snapshot.index, c.node(1).log().snapshot().index);
  EXPECT_EQ(c.storage(3).snapshot_data, c.storage(1).snapshot_data);
  EXPECT_EQ(c.applied_index(3), c.applied_index(1));
  // It replicates normally afterwards.
  ASSERT_TRUE(c.node(1).propose("after").accepted());
  c.settle();
  EXPECT_EQ(c.applied(3).back(), "after");
}

TEST(RaftSnapshot, AFailedSnapshotIsSentAgain) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  c.isolate(3);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(c.node(1).propose("e" + std::to_string(i)).accepted());
  c.settle();
  c.compact(1);
  c.heal();
  int sent = 0;
  c.set_filter([&](Message& m) {
    if (m.type != MessageType::kSnapshot) return true;
    return ++sent > 1;  // the first transfer fails
  });
  c.tick(1);
  c.settle();
  ASSERT_EQ(sent, 1);
  EXPECT_EQ(c.node(1).status().peers.at(1).state, ProgressState::kSnapshot);
  c.node(1).report_snapshot(3, false);
  EXPECT_EQ(c.node(1).status().peers.at(1).state, ProgressState::kProbe);
  c.tick(1);
  c.settle();
  EXPECT_EQ(sent, 2);
  EXPECT_EQ(c.applied_index(3), c.applied_index(1));
}

TEST(RaftSnapshot, AnUnreachableFollowerIsProbedAgain) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  ASSERT_EQ(c.node(1).status().peers.at(1).state, ProgressState::kReplicate);
  c.node(1).report_unreachable(3);
  EXPECT_EQ(c.node(1).status().peers.at(1).state, ProgressState::kProbe);
  c.tick(1);
  c.settle();
  EXPECT_EQ(c.node(1).status().peers.at(1).state, ProgressState::kReplicate);
}

TEST(RaftSnapshot, AFollowerHoldingTheSnapshotsLastEntryKeepsItsLog) {
  Node node = follower_with_log();
  node.step(snapshot_message(3, 1));
  EXPECT_EQ(node.log().last_index(), 5u);  // entries 4 and 5 kept
  EXPECT_EQ(node.log().first_index(), 1u);
  EXPECT_EQ(node.log().committed(), 3u);
  Ready rd = node.ready();
  EXPECT_FALSE(rd.snapshot);
  ASSERT_EQ(rd.messages.size(), 1u);
  EXPECT_EQ(rd.messages[0].type, MessageType::kAppendResp);
  EXPECT_EQ(rd.messages[0].index, 3u);
}

TEST(RaftSnapshot, AFollowerWithAConflictingLogReplacesIt) {
  Node node = follower_with_log();
  node.step(snapshot_message(4, 2));  // our entry 4 has term 1
  EXPECT_EQ(node.log().last_index(), 4u);
  EXPECT_EQ(node.log().first_index(), 5u);
  EXPECT_EQ(node.log().committed(), 4u);
  Ready rd = node.ready();
  ASSERT_TRUE(rd.snapshot);
  EXPECT_EQ(rd.snapshot->index, 4u);
  EXPECT_TRUE(rd.entries.empty());
  EXPECT_TRUE(rd.committed_entries.empty());  // the snapshot is the state
  ASSERT_EQ(rd.messages.size(), 1u);
  EXPECT_EQ(rd.messages[0].index, 4u);
  node.on_persisted(4, 2);
  EXPECT_EQ(node.log().persisted(), 4u);
}

TEST(RaftSnapshot, AStaleSnapshotIsIgnored) {
  Node node = follower_with_log();
  node.step(snapshot_message(2, 1));  // at or below our commit
  Ready rd = node.ready();
  EXPECT_FALSE(rd.snapshot);
  EXPECT_EQ(node.log().last_index(), 5u);
}

TEST(RaftSnapshot, ANodeRestartsFromItsSnapshot) {
  Cluster c({1, 2, 3});
  c.campaign(1);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(c.node(1).propose("old" + std::to_string(i)).accepted());
  c.settle();
  c.compact(2);
  ASSERT_TRUE(c.node(1).propose("new").accepted());
  c.settle();
  c.restart(2);
  EXPECT_EQ(c.node(2).log().first_index(), c.storage(2).snapshot.index + 1);
  c.campaign(2);
  c.settle();
  // Only what follows the snapshot is applied again.
  EXPECT_EQ(c.applied(2), std::vector<std::string>{"new"});
  EXPECT_EQ(c.applied_index(2), c.node(2).log().committed());
}

}  // namespace
}  // namespace zks::raft::test
