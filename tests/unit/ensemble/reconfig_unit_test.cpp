// The pure parts of reconfig: configuration entries carrying the members' addresses, the
// dynamic-config text read back, the hello and its admission rule, the leader's checks and
// the frames that forward a reconfig to the leader.
#include <gtest/gtest.h>

#include "server/ensemble/dynamic_config.hpp"
#include "server/ensemble/peer_admission.hpp"
#include "server/ensemble/peer_frame.hpp"
#include "server/ensemble/reconfig_plan.hpp"
#include "server/replication/codec.hpp"

namespace zks::ensemble {
namespace {

Member member(raft::NodeId id, bool observer = false) {
  const std::string host = "10.0.0." + std::to_string(id);
  return Member{id, host, 2888, 3888, observer, 2181, host};
}

const std::vector<Member> kThree{member(1), member(2), member(3)};

TEST(ConfEntry, CarriesTheContextAndStillReadsTheOlderEncoding) {
  const raft::ConfState conf{{1, 2, 4}, {5}};
  const std::string text =
      dynamic_config_text({member(1), member(2), member(4), member(5, true)}, "a");
  auto entry = raft::decode_conf_entry(raft::encode_conf_state(conf, text));
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->conf, conf);
  EXPECT_EQ(entry->context, text);
  EXPECT_EQ(raft::decode_conf_state(raft::encode_conf_state(conf, text)), conf);
  auto old = raft::decode_conf_entry(raft::encode_conf_state(conf));  // version 1
  ASSERT_TRUE(old);
  EXPECT_EQ(old->conf, conf);
  EXPECT_EQ(old->context, "");
  std::string empty_context = raft::encode_conf_state(conf, "x");
  empty_context[0] = static_cast<char>(raft::kConfContextVersion);
  empty_context.resize(empty_context.size() - 9);  // the context: u64 length 1, one byte
  empty_context.append(8, '\0');                   // length 0: not canonical
  EXPECT_FALSE(raft::decode_conf_entry(empty_context));
  std::string truncated = raft::encode_conf_state(conf, text);
  truncated.pop_back();
  std::string error;
  EXPECT_FALSE(raft::decode_conf_entry(truncated, &error));
  EXPECT_NE(error.find("context"), std::string::npos) << error;
}

TEST(DynamicConfigText, ParsesBackWithItsVersion) {
  const std::vector<Member> members{member(2), member(4, true), member(1)};
  const std::string text = dynamic_config_text(members, "1f");
  EXPECT_EQ(config_version(text), "1f");
  const std::vector<Member> back = parse_dynamic_config(text, "t");
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].id, 1u);
  EXPECT_EQ(back[2].id, 4u);
  EXPECT_TRUE(back[2].observer);
  EXPECT_EQ(back[2].host, "10.0.0.4");
  EXPECT_EQ(back[2].client_port, 2181);
  EXPECT_EQ(dynamic_config_text(back, "1f"), text);
  EXPECT_THROW(parse_dynamic_config("server.1=nohostports\n", "t"), ConfigError);
}

TEST(Hello, CarriesTheMemberListAndReadsAnOlderHello) {
  const std::string members = "server.1=10.0.0.1:2888:3888:participant\n";
  auto hello = decode_hello(encode_hello({7, Channel::kQuorum, "zk-1", members}));
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->cluster_id, "zk-1");
  EXPECT_EQ(hello->members, members);
  auto old = decode_hello(encode_hello({7, Channel::kQuorum, "zk-1", ""}));
  ASSERT_TRUE(old);
  EXPECT_EQ(old->cluster_id, "zk-1");
  EXPECT_EQ(old->members, "");
}

TEST(PeerAdmission, AdmitsMembersJoinersAndLaggardsButNotStrangers) {
  // A member, whatever it lists (it may be changes ahead: it knows server 4 already).
  EXPECT_EQ(refuse_peer(kThree, 2, {member(1), member(2), member(3), member(4)}), "");
  // A joiner: our members plus itself, or part of them.
  EXPECT_EQ(refuse_peer(kThree, 4, {member(1), member(2), member(3), member(4)}), "");
  EXPECT_EQ(refuse_peer(kThree, 5, {member(1), member(5)}), "");
  // Strangers: servers we do not have there, or one of ours at another address.
  Member elsewhere = member(2);
  elsewhere.host = "10.9.9.9";
  EXPECT_NE(refuse_peer(kThree, 4, {member(1), elsewhere, member(4)}), "");
  EXPECT_NE(refuse_peer(kThree, 2, {member(1), elsewhere}), "");
  EXPECT_NE(refuse_peer(kThree, 4, {member(4), member(6)}), "");
  EXPECT_NE(refuse_peer(kThree, 4, {member(4)}), "");             // names none of ours
  EXPECT_NE(refuse_peer(kThree, 4, {member(1), member(2)}), "");  // does not name itself
}

ReconfigRequest joining(const std::string& spec, int64_t from = -1) {
  return ReconfigRequest{spec, "", "", from};
}
ReconfigRequest leaving(const std::string& id) {
  return ReconfigRequest{"", id, "", -1};
}

TEST(ReconfigPlan, AddsAParticipantWithItsAddressesInTheEntry) {
  const std::string spec = "server.4=10.0.0.4:2888:3888:participant;10.0.0.4:2181";
  ReconfigPlan p = plan_reconfig(joining(spec, 0x1a), kThree, "1a", 0x2b);
  ASSERT_EQ(p.error, Error::kOk) << p.why;
  EXPECT_EQ(p.change.type, raft::ConfChangeType::kAddVoter);
  EXPECT_EQ(p.change.node, 4u);
  EXPECT_EQ(p.next, (raft::ConfState{{1, 2, 3, 4}, {}}));
  EXPECT_EQ(config_version(p.change.context), "2b");
  EXPECT_NE(p.change.context.find(spec + "\n"), std::string::npos) << p.change.context;
  EXPECT_EQ(parse_dynamic_config(p.change.context, "t").size(), 4u);
}

TEST(ReconfigPlan, ObserversRoleChangesAndRemovals) {
  ReconfigPlan obs = plan_reconfig(joining("server.5=10.0.0.5:2888:3888:observer"), kThree, "1", 9);
  ASSERT_EQ(obs.error, Error::kOk) << obs.why;
  EXPECT_EQ(obs.change.type, raft::ConfChangeType::kAddLearner);
  EXPECT_EQ(obs.next, (raft::ConfState{{1, 2, 3}, {5}}));
  ReconfigPlan demote =
      plan_reconfig(joining("server.3=10.0.0.3:2888:3888:observer"), kThree, "1", 9);
  ASSERT_EQ(demote.error, Error::kOk) << demote.why;
  EXPECT_EQ(demote.next, (raft::ConfState{{1, 2}, {3}}));
  ReconfigPlan removal = plan_reconfig(leaving("2"), kThree, "1", 9);
  ASSERT_EQ(removal.error, Error::kOk) << removal.why;
  EXPECT_EQ(removal.change.type, raft::ConfChangeType::kRemoveNode);
  EXPECT_EQ(removal.next, (raft::ConfState{{1, 3}, {}}));
  EXPECT_EQ(parse_dynamic_config(removal.change.context, "t").size(), 2u);
}

TEST(ReconfigPlan, RefusesLikeZooKeeper) {
  auto error = [](const ReconfigRequest& r, const std::vector<Member>& in_force = kThree) {
    return plan_reconfig(r, in_force, "1a", 9).error;
  };
  EXPECT_EQ(error(joining("server.4=10.0.0.4:2888:3888", 0x19)), Error::kBadVersion);
  EXPECT_EQ(error(joining("server.4=10.0.0.4:2888:3888", 0x1a)), Error::kOk);
  EXPECT_EQ(error(joining("server.4=garbage")), Error::kBadArguments);
  EXPECT_EQ(error(joining("server.2=10.0.0.2:2888:3888")), Error::kBadArguments);  // member
  EXPECT_EQ(error(joining("server.2=10.7.7.7:2888:3888:observer")), Error::kBadArguments);
  EXPECT_EQ(error(leaving("9")), Error::kBadArguments);  // unknown
  EXPECT_EQ(error(leaving("x")), Error::kBadArguments);
  EXPECT_EQ(error(leaving("1"), {member(1), member(2, true)}), Error::kBadArguments);  // last
  EXPECT_EQ(error(ReconfigRequest{"", "1,2", "", -1}), Error::kBadArguments);  // two at once
  EXPECT_EQ(error(ReconfigRequest{"", "", "server.1=a:1:2", -1}), Error::kBadArguments);
}

TEST(ReconfigPlan, NewQuorumMustBeLive) {
  const raft::ConfState five{{1, 2, 3, 4, 5}, {}};
  EXPECT_TRUE(quorum_live(five, {1, 2, 3}));
  EXPECT_FALSE(quorum_live(five, {1, 2, 6, 7}));
  EXPECT_TRUE(quorum_live({{1, 2, 3, 4}, {}}, {1, 2, 3}));
}

TEST(ReconfigFrames, RoundTrip) {
  const ReconfigForward f{{7, 9}, 0x1a, "server.4=h:1:2", "", ""};
  auto back = decode_reconfig_forward(encode_reconfig_forward(f));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->ref.seq, 9u);
  EXPECT_EQ(back->from_config, 0x1a);
  EXPECT_EQ(back->joining, f.joining);
  EXPECT_FALSE(decode_reconfig_forward(encode_reconfig_forward(f) + "x"));
  const ReconfigReply r{{7, 9}, code(Error::kReconfigInProgress), 0, 0};
  auto reply = decode_reconfig_reply(encode_reconfig_reply(r));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->error, -14);
  EXPECT_FALSE(decode_reconfig_reply("short"));
}

}  // namespace
}  // namespace zks::ensemble
