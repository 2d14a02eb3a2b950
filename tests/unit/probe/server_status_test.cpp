#include "orchestrator/probe/server_status.hpp"

#include <gtest/gtest.h>

#include "orchestrator/probe/ensemble_health.hpp"
#include "tests/unit/probe/fixture.hpp"

namespace zkd {
namespace {

using test::fixture;

ProbeReplies captured(const std::string& who) {
  ProbeReplies replies;
  replies.ruok = fixture(who + "-ruok.txt");
  replies.srvr = fixture(who + "-srvr.txt");
  replies.mntr = fixture(who + "-mntr.txt");
  replies.conf = fixture(who + "-conf.txt");
  replies.isro = fixture(who + "-isro.txt");
  return replies;
}

TEST(ServerStatus, LeaderFromTheCaptures) {
  ServerStatus s = status_from_replies(captured("leader"));
  EXPECT_TRUE(s.problems.empty()) << s.problems.front();
  EXPECT_TRUE(s.answered);
  EXPECT_TRUE(s.imok);
  EXPECT_TRUE(s.serving);
  EXPECT_EQ(s.mode, ServerMode::leader);
  EXPECT_EQ(s.zxid, 0x10009cd92u);
  EXPECT_EQ(s.connections, 1);
  EXPECT_EQ(s.synced_followers, 2);
  EXPECT_EQ(s.learners, 2);
  EXPECT_EQ(s.pending_syncs, 0);
  EXPECT_EQ(s.quorum_size, 3);
  EXPECT_EQ(s.read_only, false);
  EXPECT_EQ(s.members.size(), 3u);
}

TEST(ServerStatus, FollowerHasNoSyncCounts) {
  ServerStatus s = status_from_replies(captured("follower"));
  EXPECT_EQ(s.mode, ServerMode::follower);
  EXPECT_FALSE(s.synced_followers);
}

TEST(ServerStatus, ImokWithoutQuorumIsNotServing) {
  ServerStatus s = status_from_replies(captured("no-quorum"));
  EXPECT_TRUE(s.answered);
  EXPECT_TRUE(s.imok);
  EXPECT_FALSE(s.serving);
  EXPECT_EQ(s.mode, ServerMode::unknown);
  EXPECT_FALSE(s.zxid);
  ASSERT_EQ(s.problems.size(), 4u);  // srvr, mntr, conf, isro
  EXPECT_EQ(s.problems[0], "srvr: the server is not serving requests");
}

TEST(ServerStatus, MntrStandsInForAWhitelistedOutSrvr) {
  ProbeReplies replies = captured("leader");
  replies.srvr = "srvr is not executed because it is not in the whitelist.\n";
  ServerStatus s = status_from_replies(replies);
  EXPECT_TRUE(s.serving);
  EXPECT_EQ(s.mode, ServerMode::leader);
  EXPECT_FALSE(s.zxid);
  EXPECT_EQ(s.problems,
            std::vector<std::string>{"srvr: refused, not in the server's 4lw.commands.whitelist"});
}

TEST(ServerStatus, ConnectionFailureIsNotAnAnswer) {
  ProbeReplies replies;
  replies.connect_error = "connect 10.0.0.1:2181: connection refused";
  ServerStatus s = status_from_replies(replies);
  EXPECT_FALSE(s.answered);
  EXPECT_FALSE(s.imok);
  EXPECT_EQ(s.problems.front(), replies.connect_error);
}

}  // namespace
}  // namespace zkd

namespace zkd {
namespace {

TEST(ServerStatus, StandaloneFromTheCaptures) {
  ServerStatus s = status_from_replies(captured("standalone"));
  EXPECT_TRUE(s.problems.empty()) << s.problems.front();
  EXPECT_TRUE(s.serving);
  EXPECT_EQ(s.mode, ServerMode::standalone);
  EXPECT_EQ(s.zxid, 0u);
  EXPECT_EQ(s.node_count, 5);
  EXPECT_FALSE(s.quorum_size);  // standalone servers print no zk_quorum_size
  EXPECT_FALSE(s.synced_followers);
  EXPECT_TRUE(s.members.empty());  // no membership section without an ensemble

  auto health = evaluate_health({{"solo", 1, MemberRole::participant, s}}, {});
  EXPECT_TRUE(health.all_healthy()) << health.nodes[0].reason;
  EXPECT_TRUE(health.sync.complete);
}

TEST(ServerStatus, WhitelistRefusalsAreNamedPerWord) {
  ProbeReplies replies = captured("leader");
  replies.ruok = fixture("whitelist-refusal.txt");
  replies.mntr = fixture("whitelist-refusal.txt");
  ServerStatus s = status_from_replies(replies);
  EXPECT_FALSE(s.imok);
  EXPECT_TRUE(s.serving);
  EXPECT_FALSE(s.synced_followers);
  EXPECT_EQ(s.problems, (std::vector<std::string>{
                            "ruok: refused, not in the server's 4lw.commands.whitelist",
                            "mntr: refused, not in the server's 4lw.commands.whitelist"}));
}

}  // namespace
}  // namespace zkd
