#include "server/tree/data_tree.hpp"

#include <gtest/gtest.h>

#include "server/tree/acl.hpp"

namespace zks {
namespace {

const AclList kOpen{Acl{perm::kAll, {"world", "anyone"}}};

class DataTreeTest : public ::testing::Test {
 protected:
  OpResult run(WriteOp op, int64_t session = 1) {
    TxnContext ctx{session, ++zxid, 1000 + zxid, auth};
    return tree.apply(op, ctx, events);
  }
  OpResult create(const std::string& path, int32_t flags = 0, std::string data = "") {
    return run(CreateOp{OpCode::kCreate, path, std::move(data), kOpen, flags, 0});
  }
  DataTree tree;
  int64_t zxid = 0;
  std::vector<Id> auth;
  std::vector<WatchEvent> events;
};

TEST_F(DataTreeTest, StartsWithZooKeeperSystemNodes) {
  EXPECT_EQ(tree.node_count(), 4u);
  EXPECT_EQ(tree.find("/")->children.size(), 1u);
  EXPECT_EQ(tree.acl_of(*tree.find("/zookeeper/config")),
            (AclList{Acl{perm::kRead, {"world", "anyone"}}}));
  EXPECT_NE(tree.find("/zookeeper/quota"), nullptr);
}

TEST_F(DataTreeTest, SetConfigChangesTheConfigNodeOnlyWhenTheTextDiffers) {
  const size_t bytes = tree.approximate_data_size();
  EXPECT_TRUE(tree.set_config("server.1=h1:2888:3888:participant\nversion=1", 7));
  Stat s = tree.stat_of(*tree.find("/zookeeper/config"));
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.mzxid, 7);
  EXPECT_EQ(s.aversion, -1);
  EXPECT_FALSE(tree.set_config("server.1=h1:2888:3888:participant\nversion=1", 9));
  EXPECT_EQ(tree.stat_of(*tree.find("/zookeeper/config")), s);  // a republish changes nothing
  EXPECT_TRUE(tree.set_config("v2", 9));
  EXPECT_EQ(tree.stat_of(*tree.find("/zookeeper/config")).version, 2);
  EXPECT_EQ(tree.approximate_data_size(), bytes + 2);
}

TEST_F(DataTreeTest, CreateSetsStatAndParentCounters) {
  auto r = create("/a", 0, "hello");
  ASSERT_EQ(r.err, Error::kOk);
  Stat s = tree.stat_of(*tree.find("/a"));
  EXPECT_EQ(s, r.stat);
  EXPECT_EQ(s.czxid, 1);
  EXPECT_EQ(s.mzxid, 1);
  EXPECT_EQ(s.pzxid, 1);
  EXPECT_EQ(s.ctime, 1001);
  EXPECT_EQ(s.data_length, 5);
  Stat root = tree.stat_of(*tree.find("/"));
  EXPECT_EQ(root.cversion, 1);
  EXPECT_EQ(root.pzxid, 1);
  EXPECT_EQ(root.num_children, 2);
  EXPECT_EQ(events, (std::vector<WatchEvent>{{"/a", EventType::kCreated},
                                             {"/", EventType::kChildrenChanged}}));
}

TEST_F(DataTreeTest, CreateErrorsInZooKeeperOrder) {
  create("/a");
  EXPECT_EQ(create("/a").err, Error::kNodeExists);
  EXPECT_EQ(create("/x/y").err, Error::kNoNode);
  EXPECT_EQ(create("bad").err, Error::kBadArguments);
  EXPECT_EQ(create("/a/").err, Error::kBadArguments);
  EXPECT_EQ(create("/a/./b").err, Error::kBadArguments);
  EXPECT_EQ(create("/e", 9).err, Error::kBadArguments);
  EXPECT_EQ(create("/t", create_mode::kTtl).err, Error::kUnimplemented);
  EXPECT_EQ(run(CreateOp{OpCode::kCreate, "/n", "", {}, 0, 0}).err, Error::kInvalidAcl);
  create("/eph", create_mode::kEphemeral);
  EXPECT_EQ(create("/eph/c").err, Error::kNoChildrenForEphemerals);
}

TEST_F(DataTreeTest, SequentialNamesFollowParentCversion) {
  create("/q");
  EXPECT_EQ(create("/q/n-", create_mode::kSequential).path, "/q/n-0000000000");
  EXPECT_EQ(create("/q/n-", create_mode::kSequential).path, "/q/n-0000000001");
  run(DeleteOp{"/q/n-0000000000", -1});
  EXPECT_EQ(create("/q/e-", 3).path, "/q/e-0000000003");
  EXPECT_EQ(tree.stat_of(*tree.find("/q/e-0000000003")).ephemeral_owner, 1);
  EXPECT_EQ(create("/q/", create_mode::kSequential).path, "/q/0000000004");
}

TEST_F(DataTreeTest, SetDataAndDeleteCheckVersions) {
  create("/a", 0, "x");
  EXPECT_EQ(run(SetDataOp{"/a", "yy", 5}).err, Error::kBadVersion);
  auto r = run(SetDataOp{"/a", "yy", 0});
  EXPECT_EQ(r.stat.version, 1);
  EXPECT_EQ(r.stat.mzxid, zxid);
  EXPECT_EQ(r.stat.czxid, 1);
  EXPECT_EQ(r.stat.data_length, 2);
  EXPECT_EQ(run(SetDataOp{"/nope", "", -1}).err, Error::kNoNode);
  create("/a/b");
  EXPECT_EQ(run(DeleteOp{"/a", -1}).err, Error::kNotEmpty);
  EXPECT_EQ(run(DeleteOp{"/a/b", 3}).err, Error::kBadVersion);
  EXPECT_EQ(run(DeleteOp{"/a/b", 0}).err, Error::kOk);
  EXPECT_EQ(tree.stat_of(*tree.find("/a")).cversion, 2);
  EXPECT_EQ(run(DeleteOp{"/", -1}).err, Error::kBadArguments);
}

TEST_F(DataTreeTest, SetAclBumpsAversionAndEnforcesPermissions) {
  auth = {Id{"digest", digest_id("u:p")}};
  ASSERT_EQ(run(CreateOp{OpCode::kCreate, "/s", "d", {Acl{perm::kAll, {"auth", ""}}}, 0, 0}).err,
            Error::kOk);
  EXPECT_EQ(tree.acl_of(*tree.find("/s"))[0].id.id, digest_id("u:p"));
  auth.clear();
  EXPECT_EQ(run(SetDataOp{"/s", "", -1}).err, Error::kNoAuth);
  EXPECT_EQ(run(CreateOp{OpCode::kCreate, "/s/c", "", kOpen, 0, 0}).err, Error::kNoAuth);
  EXPECT_EQ(run(SetAclOp{"/s", kOpen, -1}).err, Error::kNoAuth);
  auth = {Id{"digest", digest_id("u:p")}};
  EXPECT_EQ(run(SetAclOp{"/s", kOpen, 1}).err, Error::kBadVersion);
  auto r = run(SetAclOp{"/s", kOpen, 0});
  EXPECT_EQ(r.stat.aversion, 1);
  EXPECT_EQ(r.stat.version, 0);
}

TEST_F(DataTreeTest, DigestIdMatchesZooKeeper) {
  // Value produced by ZooKeeper's DigestAuthenticationProvider.generateDigest("super:test").
  EXPECT_EQ(digest_id("super:test"), "super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
}

TEST_F(DataTreeTest, IpAclMatchesCidr) {
  AclList acl{Acl{perm::kRead, {"ip", "10.1.0.0/16"}}};
  EXPECT_TRUE(acl_allows(acl, perm::kRead, {Id{"ip", "10.1.2.3"}}));
  EXPECT_FALSE(acl_allows(acl, perm::kRead, {Id{"ip", "10.2.2.3"}}));
  EXPECT_FALSE(acl_allows(acl, perm::kWrite, {Id{"ip", "10.1.2.3"}}));
}

TEST_F(DataTreeTest, FailedMultiLeavesTreeUntouched) {
  create("/m", 0, "orig");
  auto before = tree.stat_of(*tree.find("/m"));
  events.clear();
  MultiOp multi{{CreateOp{OpCode::kCreate, "/m/a", "", kOpen, 0, 0}, SetDataOp{"/m", "changed", -1},
                 DeleteOp{"/missing", -1}, CreateOp{OpCode::kCreate, "/m/b", "", kOpen, 0, 0}}};
  TxnContext ctx{1, ++zxid, 5, {}};
  auto results = tree.apply_multi(multi, ctx, events);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].err, Error::kOk);
  EXPECT_EQ(results[0].op, OpCode::kError);
  EXPECT_EQ(results[1].err, Error::kOk);
  EXPECT_EQ(results[2].err, Error::kNoNode);
  EXPECT_EQ(results[3].err, Error::kRuntimeInconsistency);
  EXPECT_EQ(tree.find("/m")->data, "orig");
  EXPECT_EQ(tree.stat_of(*tree.find("/m")), before);
  EXPECT_EQ(tree.find("/m/a"), nullptr);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(tree.approximate_data_size(), DataTree().approximate_data_size() + 2 + 4);
}

TEST_F(DataTreeTest, SuccessfulMultiAppliesAllWithOneZxid) {
  MultiOp multi{{CreateOp{OpCode::kCreate2, "/x", "", kOpen, create_mode::kEphemeral, 0},
                 CreateOp{OpCode::kCreate, "/y-", "", kOpen, create_mode::kSequential, 0},
                 CheckOp{"/x", 0}}};
  TxnContext ctx{9, ++zxid, 5, {}};
  auto results = tree.apply_multi(multi, ctx, events);
  EXPECT_EQ(results[0].op, OpCode::kCreate2);
  EXPECT_EQ(results[1].path, "/y-0000000001");
  EXPECT_EQ(results[2].err, Error::kOk);
  EXPECT_EQ(tree.ephemerals_of(9), std::vector<std::string>{"/x"});
}

TEST_F(DataTreeTest, CloseSessionRemovesOnlyItsEphemerals) {
  create("/p");
  run(CreateOp{OpCode::kCreate, "/p/e1", "", kOpen, create_mode::kEphemeral, 0}, 7);
  run(CreateOp{OpCode::kCreate, "/p/e2", "", kOpen, create_mode::kEphemeral, 0}, 8);
  events.clear();
  TxnContext ctx{7, ++zxid, 5, {}};
  tree.close_session(7, ctx, events);
  EXPECT_EQ(tree.find("/p/e1"), nullptr);
  EXPECT_NE(tree.find("/p/e2"), nullptr);
  EXPECT_EQ(tree.ephemeral_count(), 1u);
  EXPECT_EQ(events[0], (WatchEvent{"/p/e1", EventType::kDeleted}));
}

TEST_F(DataTreeTest, EmptyContainersThatHadChildrenAreCandidates) {
  run(CreateOp{OpCode::kCreateContainer, "/c", "", kOpen, create_mode::kContainer, 0});
  EXPECT_EQ(tree.stat_of(*tree.find("/c")).ephemeral_owner, kContainerOwner);
  EXPECT_TRUE(tree.empty_containers().empty());
  create("/c/x");
  EXPECT_TRUE(tree.empty_containers().empty());
  run(DeleteOp{"/c/x", -1});
  EXPECT_EQ(tree.empty_containers(), std::vector<std::string>{"/c"});
}

TEST_F(DataTreeTest, SnapshotRoundTripKeepsEverything) {
  create("/a", 0, "data");
  run(CreateOp{OpCode::kCreate,
               "/a/e",
               "",
               {Acl{perm::kRead, {"world", "anyone"}}},
               create_mode::kEphemeral,
               0},
      42);
  std::string buf;
  jute::Writer w(buf);
  tree.serialize(w);
  DataTree copy;
  jute::Reader r(buf);
  copy.deserialize(r);
  EXPECT_EQ(copy.node_count(), tree.node_count());
  EXPECT_EQ(copy.stat_of(*copy.find("/a")), tree.stat_of(*tree.find("/a")));
  EXPECT_EQ(copy.acl_of(*copy.find("/a/e")), tree.acl_of(*tree.find("/a/e")));
  EXPECT_EQ(copy.ephemerals_of(42), std::vector<std::string>{"/a/e"});
  EXPECT_EQ(copy.approximate_data_size(), tree.approximate_data_size());
  EXPECT_EQ(copy.descendant_count("/"), tree.descendant_count("/"));
  std::string truncated = buf.substr(0, buf.size() - 3);
  jute::Reader bad(truncated);
  EXPECT_THROW(DataTree().deserialize(bad), jute::DecodeError);
}

}  // namespace
}  // namespace zks
