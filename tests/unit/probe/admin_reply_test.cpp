#include <gtest/gtest.h>

#include "orchestrator/probe/conf_reply.hpp"
#include "orchestrator/probe/liveness_reply.hpp"
#include "orchestrator/probe/mntr_reply.hpp"
#include "orchestrator/probe/srvr_reply.hpp"
#include "tests/unit/probe/fixture.hpp"

namespace zkd {
namespace {

using test::fixture;

TEST(SrvrReply, ParsesTheLeaderCapture) {
  auto srvr = parse_srvr(fixture("leader-srvr.txt"));
  ASSERT_TRUE(srvr.ok()) << srvr.reason;
  EXPECT_EQ(srvr.value.version, "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC");
  ASSERT_TRUE(srvr.value.latency);
  EXPECT_EQ(srvr.value.latency->min, 0);
  EXPECT_DOUBLE_EQ(srvr.value.latency->avg, 12.9402);
  EXPECT_EQ(srvr.value.latency->max, 393);
  EXPECT_EQ(srvr.value.received, 147080);
  EXPECT_EQ(srvr.value.sent, 147079);
  EXPECT_EQ(srvr.value.connections, 1);
  EXPECT_EQ(srvr.value.outstanding, 0);
  EXPECT_EQ(srvr.value.zxid, 0x10009cd92u);
  EXPECT_EQ(srvr.value.mode, ServerMode::leader);
  EXPECT_EQ(srvr.value.node_count, 8);
}

TEST(SrvrReply, ParsesTheFollowerCapture) {
  auto srvr = parse_srvr(fixture("follower-srvr.txt"));
  ASSERT_TRUE(srvr.ok()) << srvr.reason;
  EXPECT_EQ(srvr.value.mode, ServerMode::follower);
  EXPECT_EQ(srvr.value.zxid, 0x10009cd92u);
  EXPECT_EQ(srvr.value.connections, 2);
}

TEST(SrvrReply, ToleratesCrlfAndUnknownLines) {
  auto srvr = parse_srvr("Zxid: 0x5\r\nMode: observer\r\nFuture line: 7\r\n");
  ASSERT_TRUE(srvr.ok()) << srvr.reason;
  EXPECT_EQ(srvr.value.zxid, 5u);
  EXPECT_EQ(srvr.value.mode, ServerMode::observer);
  EXPECT_FALSE(srvr.value.connections);
}

TEST(SrvrReply, KeepsAnUnknownModeAsPrinted) {
  auto srvr = parse_srvr("Zxid: 0x0\nMode: read-only\n");
  ASSERT_TRUE(srvr.ok());
  EXPECT_EQ(srvr.value.mode, ServerMode::unknown);
  EXPECT_EQ(srvr.value.mode_text, "read-only");
}

TEST(SrvrReply, NotServingAndWhitelistRefusalAreNamed) {
  auto no_quorum = parse_srvr(fixture("no-quorum-srvr.txt"));
  EXPECT_EQ(no_quorum.kind, ReplyKind::not_serving);
  EXPECT_EQ(no_quorum.reason, "srvr: the server is not serving requests");
  auto refused = parse_srvr("srvr is not executed because it is not in the whitelist.\n");
  EXPECT_EQ(refused.kind, ReplyKind::not_whitelisted);
  EXPECT_EQ(parse_srvr("").kind, ReplyKind::no_reply);
}

TEST(MntrReply, ParsesTheLeaderCapture) {
  auto mntr = parse_mntr(fixture("leader-mntr.txt"));
  ASSERT_TRUE(mntr.ok()) << mntr.reason;
  const MntrReply& m = mntr.value;
  EXPECT_EQ(m.mode, ServerMode::leader);
  EXPECT_EQ(m.peer_state, "leading - broadcast");
  EXPECT_EQ(m.synced_followers, 2);
  EXPECT_EQ(m.synced_non_voting_followers, 0);
  EXPECT_EQ(m.synced_observers, 0);
  EXPECT_EQ(m.learners, 2);
  EXPECT_EQ(m.pending_syncs, 0);
  EXPECT_EQ(m.quorum_size, 3);
  EXPECT_EQ(m.znode_count, 8);
  EXPECT_FALSE(m.followers);  // 3.8 has no zk_followers
  EXPECT_DOUBLE_EQ(*m.avg_latency, 12.9402);
  EXPECT_GT(m.all.size(), 500u);
  EXPECT_EQ(m.all.at("zk_avg_probe-c hello_write_per_namespace"), "17.0");
}

TEST(MntrReply, ParsesTheFollowerCapture) {
  auto mntr = parse_mntr(fixture("follower-mntr.txt"));
  ASSERT_TRUE(mntr.ok()) << mntr.reason;
  EXPECT_EQ(mntr.value.mode, ServerMode::follower);
  EXPECT_FALSE(mntr.value.synced_followers);
  EXPECT_FALSE(mntr.value.learners);
  EXPECT_EQ(mntr.value.quorum_size, 3);
}

TEST(MntrReply, IgnoresKeyOrderAndUnknownKeys) {
  auto mntr = parse_mntr(
      "zk_brand_new\tx y\nzk_synced_followers\t4\nzk_followers\t4\n"
      "zk_server_state\tleader\n");
  ASSERT_TRUE(mntr.ok()) << mntr.reason;
  EXPECT_EQ(mntr.value.synced_followers, 4);
  EXPECT_EQ(mntr.value.followers, 4);
  EXPECT_EQ(mntr.value.all.at("zk_brand_new"), "x y");
}

TEST(MntrReply, NotServingIsNamed) {
  EXPECT_EQ(parse_mntr(fixture("no-quorum-mntr.txt")).kind, ReplyKind::not_serving);
  EXPECT_EQ(parse_mntr("mntr is not executed because it is not in the whitelist.").kind,
            ReplyKind::not_whitelisted);
}

// A malformed reply to `word` and the reason its parser must give.
struct BadReply {
  std::string word;
  std::string text;
  std::string reason;
};

std::pair<ReplyKind, std::string> parse_as(const std::string& word, const std::string& text) {
  if (word == "srvr") {
    auto parsed = parse_srvr(text);
    return {parsed.kind, parsed.reason};
  }
  auto parsed = parse_mntr(text);
  return {parsed.kind, parsed.reason};
}

class Malformed : public testing::TestWithParam<BadReply> {};

TEST_P(Malformed, GivesTheReason) {
  auto [kind, reason] = parse_as(GetParam().word, GetParam().text);
  EXPECT_EQ(kind, ReplyKind::malformed);
  EXPECT_EQ(reason, GetParam().reason);
}

INSTANTIATE_TEST_SUITE_P(
    Replies, Malformed,
    testing::Values(BadReply{"srvr", "Mode: leader\n", "srvr: no 'Zxid:' line"},
                    BadReply{"srvr", "Zxid: 0x1\n", "srvr: no 'Mode:' line"},
                    BadReply{"srvr", "Zxid: 12\nMode: leader\n",
                             "srvr: Zxid is not a 0x-prefixed hex number: '12'"},
                    BadReply{"srvr", "Zxid: 0x1\nMode: leader\nConnections: many\n",
                             "srvr: Connections is not an integer: 'many'"},
                    BadReply{"srvr", "Latency min/avg/max: 1/2\nZxid: 0x1\nMode: leader\n",
                             "srvr: Latency min/avg/max is not min/avg/max: '1/2'"},
                    BadReply{"srvr", "\x01\x02garbage\xff", "srvr: no 'Zxid:' line"},
                    BadReply{"mntr", "zk_server_state\tleader\nzk_synced_followers 2\n",
                             "mntr: line 2 is not 'key<TAB>value'"},
                    BadReply{"mntr", "zk_server_state\tleader\nzk_synced_followers\ttwo\n",
                             "mntr: line 2: zk_synced_followers is not a number: 'two'"},
                    BadReply{"mntr", "zk_server_state\tleader\nzk_server_state\tfollower\n",
                             "mntr: line 2 repeats key zk_server_state"},
                    BadReply{"mntr", "zk_version\t3.8\n", "mntr: no zk_server_state key"},
                    BadReply{"mntr", "\tleader\n", "mntr: line 1 is not 'key<TAB>value'"}));

TEST(ConfReply, ParsesTheLeaderCaptureWithItsMembership) {
  auto conf = parse_conf(fixture("leader-conf.txt"));
  ASSERT_TRUE(conf.ok()) << conf.reason;
  EXPECT_EQ(conf.value.settings.at("clientPort"), "12183");
  EXPECT_EQ(conf.value.settings.at("serverId"), "3");
  EXPECT_EQ(conf.value.config_version, "0");
  ASSERT_EQ(conf.value.members.size(), 3u);
  const EnsembleMember& third = conf.value.members[2];
  EXPECT_EQ(third.myid, 3);
  EXPECT_EQ(third.address, "127.0.0.1");
  EXPECT_EQ(third.quorum_port, 12883);
  EXPECT_EQ(third.election_port, 13883);
  EXPECT_EQ(third.role, MemberRole::participant);
}

TEST(ConfReply, RejectsABrokenMembershipLine) {
  auto conf = parse_conf("clientPort=1\nmembership: \nserver.1=host-without-ports\n");
  EXPECT_EQ(conf.kind, ReplyKind::malformed);
  EXPECT_EQ(conf.reason, "conf: line 3 is not a server.N=host:port:port entry");
  EXPECT_EQ(parse_conf(fixture("no-quorum-conf.txt")).kind, ReplyKind::not_serving);
}

TEST(EnsembleMember, ParsesObserversIpv6AndClientAddresses) {
  auto members = parse_server_lines(
      "tickTime=2000\n"
      "server.1=zk1:2888:3888\n"
      "server.2=[::1]:2888:3888:observer;0.0.0.0:2181\n"
      "server.x=bad:1:2\n"
      "server.3=zk3:2888:99999\n");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].address, "zk1");
  EXPECT_EQ(members[0].role, MemberRole::participant);
  EXPECT_EQ(members[1].myid, 2);
  EXPECT_EQ(members[1].address, "::1");
  EXPECT_EQ(members[1].role, MemberRole::observer);
  EXPECT_EQ(members[1].client_address, "0.0.0.0:2181");
}

TEST(RuokReply, OnlyImokCounts) {
  EXPECT_TRUE(parse_ruok(fixture("leader-ruok.txt")).value);
  EXPECT_TRUE(parse_ruok(fixture("no-quorum-ruok.txt")).ok());
  auto garbage = parse_ruok("hello there");
  EXPECT_EQ(garbage.kind, ReplyKind::malformed);
  EXPECT_EQ(garbage.reason, "ruok: expected 'imok', got 'hello there'");
  EXPECT_EQ(parse_ruok("ruok is not executed because it is not in the whitelist.").kind,
            ReplyKind::not_whitelisted);
}

TEST(IsroReply, ReadsRwRoAndNull) {
  auto rw = parse_isro(fixture("leader-isro.txt"));
  ASSERT_TRUE(rw.ok());
  EXPECT_FALSE(rw.value);
  EXPECT_TRUE(parse_isro("ro").value);
  EXPECT_EQ(parse_isro(fixture("no-quorum-isro.txt")).kind, ReplyKind::not_serving);
  EXPECT_EQ(parse_isro("maybe").kind, ReplyKind::malformed);
}

}  // namespace
}  // namespace zkd
