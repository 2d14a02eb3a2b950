#include "orchestrator/probe/ensemble_health.hpp"

#include <gtest/gtest.h>

#include "tests/unit/probe/member_status.hpp"

namespace zkd {
namespace {

using test::leader;
using test::serving;
using test::trio;

TEST(EnsembleHealth, AllHealthyAndSynced) {
  auto health = evaluate_health(
      trio(serving(ServerMode::follower, 9), leader(9, 2), serving(ServerMode::follower, 9)), {});
  EXPECT_TRUE(health.all_healthy());
  EXPECT_EQ(health.leader, 1u);
  EXPECT_EQ(health.participants, 3u);
  EXPECT_EQ(health.quorum, 2u);
  EXPECT_EQ(health.healthy_participants, 3u);
  EXPECT_TRUE(health.sync.complete) << health.sync.reason;
  EXPECT_EQ(health.nodes[0].zxid_lag, 0u);
  EXPECT_TRUE(leader_counts_as_synced(health, 1));
  EXPECT_FALSE(leader_counts_as_synced(health, 7));
}

TEST(EnsembleHealth, ImokAloneIsNotHealthy) {
  ServerStatus no_quorum;
  no_quorum.answered = no_quorum.imok = true;
  no_quorum.problems = {"srvr: the server is not serving requests"};
  auto health =
      evaluate_health(trio(no_quorum, leader(9, 1), serving(ServerMode::follower, 9)), {});
  EXPECT_FALSE(health.nodes[0].healthy);
  EXPECT_EQ(health.nodes[0].reason,
            "not serving requests (no quorum?): srvr: the server is not serving requests");
  EXPECT_EQ(health.healthy_participants, 2u);
  EXPECT_FALSE(health.sync.complete);
  EXPECT_EQ(health.sync.reason, "the leader counts 1 of 2 followers as synced");
  EXPECT_TRUE(leader_counts_as_synced(health, 2));
  EXPECT_FALSE(leader_counts_as_synced(health, 3));
}

TEST(EnsembleHealth, NoLeaderMakesEveryoneUnhealthy) {
  auto health = evaluate_health(
      trio(serving(ServerMode::follower, 9), serving(ServerMode::follower, 9), ServerStatus{}), {});
  EXPECT_FALSE(health.leader);
  EXPECT_EQ(health.leader_problem, "no voter reports mode leader");
  EXPECT_EQ(health.nodes[0].reason, "no voter reports mode leader");
  EXPECT_EQ(health.nodes[2].reason, "no answer on the client port: nothing came back");
  EXPECT_EQ(health.sync.reason, "no voter reports mode leader");
  EXPECT_EQ(health.healthy_participants, 0u);
}

TEST(EnsembleHealth, TwoLeadersAreNamed) {
  auto health =
      evaluate_health(trio(leader(9, 2), leader(9, 2), serving(ServerMode::follower, 9)), {});
  EXPECT_FALSE(health.leader);
  EXPECT_EQ(health.leader_problem, "several voters report mode leader: zk1 zk2");
}

TEST(EnsembleHealth, ZxidLagAgainstThePolicy) {
  auto members = trio(serving(ServerMode::follower, 0x100000005), leader(0x100000009, 2),
                      serving(ServerMode::follower, 0x10000000a));
  auto strict = evaluate_health(members, {});
  EXPECT_FALSE(strict.nodes[0].healthy);
  EXPECT_EQ(strict.nodes[0].reason,
            "zxid 0x100000005 is 4 behind the leader's 0x100000009 (allowed 0)");
  EXPECT_TRUE(strict.nodes[2].healthy);  // ahead of a slightly older leader probe
  auto lenient = evaluate_health(members, {4});
  EXPECT_TRUE(lenient.all_healthy());
  EXPECT_EQ(lenient.nodes[0].zxid_lag, 4u);
}

TEST(EnsembleHealth, FollowersOfAnEpochWithoutWritesAreNotBehind) {
  // Apache ZooKeeper 3.8 right after an election: the leader reports <epoch>:0, the
  // followers their last processed zxid (0x0 on a new ensemble).
  auto health = evaluate_health(trio(serving(ServerMode::follower, 0), leader(0x100000000, 2),
                                     serving(ServerMode::follower, 0x7)),
                                {});
  EXPECT_TRUE(health.nodes[0].healthy) << health.nodes[0].reason;
  EXPECT_EQ(health.nodes[0].zxid_lag, 0u);
  EXPECT_TRUE(health.nodes[2].healthy) << health.nodes[2].reason;
}

TEST(EnsembleHealth, ModeMustFitTheRole) {
  auto members =
      trio(serving(ServerMode::standalone, 9), leader(9, 1), serving(ServerMode::observer, 9));
  members[2].role = MemberRole::participant;
  auto health = evaluate_health(members, {});
  EXPECT_EQ(health.nodes[0].reason, "mode is standalone, expected leader or follower");
  EXPECT_EQ(health.nodes[2].reason, "mode is observer, expected leader or follower");
}

TEST(EnsembleHealth, ObserversMustBeObserversAndSynced) {
  std::vector<MemberProbe> members =
      trio(serving(ServerMode::follower, 9), leader(9, 2), serving(ServerMode::follower, 9));
  members.push_back({"zk4", 4, MemberRole::observer, serving(ServerMode::observer, 9)});
  auto health = evaluate_health(members, {});
  EXPECT_TRUE(health.all_healthy());
  EXPECT_EQ(health.participants, 3u);
  EXPECT_FALSE(health.sync.complete);
  EXPECT_EQ(health.sync.reason, "the leader counts 0 of 1 observers as synced");

  members[1].status.synced_observers = 1;
  EXPECT_TRUE(evaluate_health(members, {}).sync.complete);
  members[3].status.mode = ServerMode::follower;
  EXPECT_EQ(evaluate_health(members, {}).nodes[3].reason, "mode is follower, expected observer");
}

TEST(EnsembleHealth, LoneStandaloneServer) {
  std::vector<MemberProbe> lone = {
      {"zk1", 1, MemberRole::participant, serving(ServerMode::standalone, 3)}};
  auto health = evaluate_health(lone, {});
  EXPECT_TRUE(health.all_healthy());
  EXPECT_EQ(health.quorum, 1u);
  EXPECT_TRUE(health.sync.complete);
  EXPECT_TRUE(leader_counts_as_synced(health, 1));
}

TEST(EnsembleHealth, UnknownSyncCountsNameTheMntrProblem) {
  ServerStatus blind = serving(ServerMode::leader, 9);
  blind.problems = {"mntr: refused, not in the server's 4lw.commands.whitelist"};
  auto health = evaluate_health(
      trio(serving(ServerMode::follower, 9), blind, serving(ServerMode::follower, 9)), {});
  EXPECT_TRUE(health.all_healthy());
  EXPECT_EQ(health.sync.reason,
            "the leader's sync counts are unknown (mntr: refused, not in the server's "
            "4lw.commands.whitelist)");
  EXPECT_FALSE(leader_counts_as_synced(health, 1));
}

TEST(EnsembleHealth, PendingSyncsAreNotSynced) {
  ServerStatus busy = leader(9, 2);
  busy.pending_syncs = 1;
  auto health = evaluate_health(
      trio(serving(ServerMode::follower, 9), busy, serving(ServerMode::follower, 9)), {});
  EXPECT_EQ(health.sync.reason, "learners still syncing with the leader: 1");
}

TEST(EnsembleHealth, RuokMustSayImok) {
  ServerStatus odd = serving(ServerMode::follower, 9);
  odd.imok = false;
  odd.problems = {"ruok: expected 'imok', got 'no'"};
  auto health = evaluate_health(trio(odd, leader(9, 2), serving(ServerMode::follower, 9)), {});
  EXPECT_EQ(health.nodes[0].reason, "ruok did not answer imok (ruok: expected 'imok', got 'no')");
}

}  // namespace
}  // namespace zkd
