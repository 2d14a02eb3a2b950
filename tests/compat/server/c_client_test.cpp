// The Apache ZooKeeper C client (libzookeeper_mt) against zkserver, through its sync and async
// APIs: operations, stat fields, error codes, multi, ACLs, watches and pipelined requests.
#include <gtest/gtest.h>
#include <zookeeper/zookeeper.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "tests/compat/server/zkserver_process.hpp"

namespace {

using namespace std::chrono_literals;

// Collects watch events and session state for one handle; waits with a deadline.
struct Events {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<int, std::string>> events;
  int state = 0;

  static void watcher(zhandle_t*, int type, int state, const char* path, void* ctx) {
    auto* self = static_cast<Events*>(ctx);
    std::lock_guard lock(self->mu);
    if (type == ZOO_SESSION_EVENT) {
      self->state = state;
    } else {
      self->events.emplace_back(type, path ? path : "");
    }
    self->cv.notify_all();
  }
  bool wait_state(int wanted) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 10s, [&] { return state == wanted; });
  }
  std::pair<int, std::string> next() {
    std::unique_lock lock(mu);
    if (!cv.wait_for(lock, 10s, [&] { return !events.empty(); })) return {0, "timeout"};
    auto e = events.front();
    events.erase(events.begin());
    return e;
  }
};

class CClient : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    server_ = new zks::testing::ZkServerProcess(ZKSERVER_BINARY);
    server_->start();
  }
  static void TearDownTestSuite() {
    int status = server_->stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    delete server_;
  }
  zhandle_t* open(Events& ev) {
    zhandle_t* zh =
        zookeeper_init(server_->connect_string().c_str(), Events::watcher, 10000, nullptr, &ev, 0);
    EXPECT_NE(zh, nullptr);
    EXPECT_TRUE(ev.wait_state(ZOO_CONNECTED_STATE));
    handles_.push_back(zh);
    return zh;
  }
  void SetUp() override {
    zh_ = open(events_);
    base_ = std::string("/") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(zoo_create(zh_, base_.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), ZOK);
  }
  void TearDown() override {
    for (auto* h : handles_) zookeeper_close(h);
  }
  std::string get(const std::string& path, Stat* st = nullptr) {
    char buf[1024];
    int len = sizeof buf;
    Stat s;
    if (zoo_get(zh_, path.c_str(), 0, buf, &len, st ? st : &s) != ZOK) return "<error>";
    return len < 0 ? "" : std::string(buf, static_cast<size_t>(len));
  }

  static zks::testing::ZkServerProcess* server_;
  std::vector<zhandle_t*> handles_;
  Events events_;
  zhandle_t* zh_ = nullptr;
  std::string base_;
};
zks::testing::ZkServerProcess* CClient::server_ = nullptr;

TEST_F(CClient, SyncOperationsStatAndErrors) {
  std::string p = base_ + "/a";
  char created[256];
  ASSERT_EQ(
      zoo_create(zh_, p.c_str(), "hello", 5, &ZOO_OPEN_ACL_UNSAFE, 0, created, sizeof created),
      ZOK);
  EXPECT_EQ(std::string(created), p);
  EXPECT_EQ(zoo_create(zh_, p.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), ZNODEEXISTS);
  EXPECT_EQ(zoo_create(zh_, "/no/parent", "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), ZNONODE);
  Stat st;
  EXPECT_EQ(get(p, &st), "hello");
  EXPECT_EQ(st.dataLength, 5);
  EXPECT_EQ(st.version, 0);
  EXPECT_EQ(st.czxid, st.mzxid);
  EXPECT_EQ(zoo_set(zh_, p.c_str(), "x", 1, 3), ZBADVERSION);
  Stat st2;
  ASSERT_EQ(zoo_set2(zh_, p.c_str(), "bye", 3, 0, &st2), ZOK);
  EXPECT_EQ(st2.version, 1);
  EXPECT_GT(st2.mzxid, st.mzxid);
  EXPECT_EQ(zoo_exists(zh_, (p + "x").c_str(), 0, &st), ZNONODE);
  ASSERT_EQ(zoo_create(zh_, (p + "/c").c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), ZOK);
  EXPECT_EQ(zoo_delete(zh_, p.c_str(), -1), ZNOTEMPTY);
  String_vector children;
  Stat parent;
  ASSERT_EQ(zoo_get_children2(zh_, p.c_str(), 0, &children, &parent), ZOK);
  ASSERT_EQ(children.count, 1);
  EXPECT_STREQ(children.data[0], "c");
  EXPECT_EQ(parent.numChildren, 1);
  EXPECT_EQ(parent.cversion, 1);
  deallocate_String_vector(&children);
  EXPECT_EQ(zoo_delete(zh_, (p + "/c").c_str(), 0), ZOK);
  EXPECT_EQ(zoo_delete(zh_, p.c_str(), 1), ZOK);
}

TEST_F(CClient, SequentialEphemeralAndContainerNodes) {
  char name[256];
  std::string prefix = base_ + "/s-";
  ASSERT_EQ(
      zoo_create(zh_, prefix.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_SEQUENCE, name, sizeof name),
      ZOK);
  EXPECT_EQ(std::string(name), base_ + "/s-0000000000");
  ASSERT_EQ(zoo_create(zh_, prefix.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL_SEQUENTIAL,
                       name, sizeof name),
            ZOK);
  EXPECT_EQ(std::string(name), base_ + "/s-0000000001");
  Stat st;
  ASSERT_EQ(zoo_exists(zh_, name, 0, &st), ZOK);
  EXPECT_EQ(st.ephemeralOwner, zoo_client_id(zh_)->client_id);
  Stat created;
  ASSERT_EQ(zoo_create2(zh_, (base_ + "/box").c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_CONTAINER,
                        name, sizeof name, &created),
            ZOK);
  EXPECT_EQ(created.ephemeralOwner, INT64_MIN);
}

TEST_F(CClient, MultiIsAtomicWithPerOperationResults) {
  std::string a = base_ + "/m1", b = base_ + "/m2";
  zoo_op_t ops[3];
  zoo_op_result_t results[3];
  char path_buf[256];
  zoo_create_op_init(&ops[0], a.c_str(), "1", 1, &ZOO_OPEN_ACL_UNSAFE, 0, path_buf,
                     sizeof path_buf);
  zoo_create_op_init(&ops[1], b.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
  zoo_check_op_init(&ops[2], a.c_str(), 0);
  ASSERT_EQ(zoo_multi(zh_, 3, ops, results), ZOK);
  EXPECT_EQ(results[0].err, ZOK);
  EXPECT_EQ(std::string(path_buf), a);

  zoo_op_t bad[3];
  zoo_op_result_t bad_results[3];
  zoo_delete_op_init(&bad[0], b.c_str(), -1);
  zoo_check_op_init(&bad[1], a.c_str(), 9);
  zoo_delete_op_init(&bad[2], a.c_str(), -1);
  EXPECT_EQ(zoo_multi(zh_, 3, bad, bad_results), ZBADVERSION);
  EXPECT_EQ(bad_results[0].err, ZOK);
  EXPECT_EQ(bad_results[1].err, ZBADVERSION);
  EXPECT_EQ(bad_results[2].err, ZRUNTIMEINCONSISTENCY);
  Stat st;
  EXPECT_EQ(zoo_exists(zh_, b.c_str(), 0, &st), ZOK);  // rolled back
}

TEST_F(CClient, DigestAclsAndAuth) {
  std::string p = base_ + "/secret";
  ASSERT_EQ(zoo_add_auth(zh_, "digest", "carol:pw", 8, nullptr, nullptr), ZOK);
  ACL acl[] = {{ZOO_PERM_ALL, {const_cast<char*>("auth"), const_cast<char*>("")}}};
  ACL_vector acls = {1, acl};
  ASSERT_EQ(zoo_create(zh_, p.c_str(), "s", 1, &acls, 0, nullptr, 0), ZOK);
  ACL_vector got;
  Stat st;
  ASSERT_EQ(zoo_get_acl(zh_, p.c_str(), &got, &st), ZOK);
  ASSERT_EQ(got.count, 1);
  EXPECT_STREQ(got.data[0].id.scheme, "digest");
  EXPECT_EQ(std::string(got.data[0].id.id).rfind("carol:", 0), 0u);
  deallocate_ACL_vector(&got);

  Events other_events;
  zhandle_t* other = open(other_events);
  char buf[16];
  int len = sizeof buf;
  EXPECT_EQ(zoo_get(other, p.c_str(), 0, buf, &len, &st), ZNOAUTH);
  EXPECT_EQ(zoo_set_acl(other, p.c_str(), -1, &ZOO_OPEN_ACL_UNSAFE), ZNOAUTH);
  EXPECT_EQ(zoo_set_acl(zh_, p.c_str(), 0, &ZOO_OPEN_ACL_UNSAFE), ZOK);
  len = sizeof buf;
  EXPECT_EQ(zoo_get(other, p.c_str(), 0, buf, &len, &st), ZOK);
  EXPECT_EQ(st.aversion, 1);
}

TEST_F(CClient, WatchesFireOnceAndCanBeRemoved) {
  std::string p = base_ + "/w";
  Stat st;
  ASSERT_EQ(zoo_exists(zh_, p.c_str(), 1, &st), ZNONODE);
  ASSERT_EQ(zoo_create(zh_, p.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), ZOK);
  EXPECT_EQ(events_.next(), std::make_pair(ZOO_CREATED_EVENT, p));
  String_vector children;
  ASSERT_EQ(zoo_get_children(zh_, p.c_str(), 1, &children), ZOK);
  deallocate_String_vector(&children);
  ASSERT_EQ(zoo_create(zh_, (p + "/k").c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), ZOK);
  EXPECT_EQ(events_.next(), std::make_pair(ZOO_CHILD_EVENT, p));
  char buf[8];
  int len = sizeof buf;
  ASSERT_EQ(zoo_get(zh_, p.c_str(), 1, buf, &len, &st), ZOK);
  ASSERT_EQ(zoo_remove_all_watches(zh_, p.c_str(), ZWATCHTYPE_DATA, 0), ZOK);
  EXPECT_EQ(zoo_remove_all_watches(zh_, p.c_str(), ZWATCHTYPE_DATA, 0), ZNOWATCHER);
  ASSERT_EQ(zoo_set(zh_, p.c_str(), "x", 1, -1), ZOK);
  len = sizeof buf;
  ASSERT_EQ(zoo_get(zh_, p.c_str(), 1, buf, &len, &st), ZOK);
  ASSERT_EQ(zoo_set(zh_, p.c_str(), "y", 1, -1), ZOK);
  EXPECT_EQ(events_.next(), std::make_pair(ZOO_CHANGED_EVENT, p));
  ASSERT_EQ(zoo_set(zh_, p.c_str(), "z", 1, -1), ZOK);  // fired once: no second event
  ASSERT_EQ(zoo_exists(zh_, p.c_str(), 0, &st), ZOK);   // a round trip after the write
  std::lock_guard lock(events_.mu);
  EXPECT_TRUE(events_.events.empty());
}

struct Completions {
  std::mutex mu;
  std::condition_variable cv;
  int done = 0, ok = 0;
  std::vector<int> order;
  void finish(int rc, int tag) {
    std::lock_guard lock(mu);
    ++done;
    if (rc == ZOK) ++ok;
    order.push_back(tag);
    cv.notify_all();
  }
  bool wait(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 30s, [&] { return done >= n; });
  }
};

struct Tagged {
  Completions* c;
  int tag;
};

TEST_F(CClient, AsyncPipelinedRequestsCompleteInOrder) {
  constexpr int kCount = 2000;
  Completions creates;
  std::vector<Tagged> tags(kCount);
  std::vector<std::string> paths(kCount);
  for (int i = 0; i < kCount; ++i) {
    tags[i] = {&creates, i};
    paths[i] = base_ + "/n" + std::to_string(i);
    ASSERT_EQ(zoo_acreate(
                  zh_, paths[i].c_str(), "0123456789", 10, &ZOO_OPEN_ACL_UNSAFE, 0,
                  [](int rc, const char*, const void* d) {
                    auto* t = static_cast<const Tagged*>(d);
                    t->c->finish(rc, t->tag);
                  },
                  &tags[i]),
              ZOK);
  }
  ASSERT_TRUE(creates.wait(kCount));
  EXPECT_EQ(creates.ok, kCount);
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(creates.order[i], i);

  Completions reads;
  for (int i = 0; i < kCount; ++i) {
    tags[i] = {&reads, i};
    ASSERT_EQ(zoo_aget(
                  zh_, paths[i].c_str(), 0,
                  [](int rc, const char* value, int len, const Stat*, const void* d) {
                    auto* t = static_cast<const Tagged*>(d);
                    bool good = rc == ZOK && len == 10 && std::memcmp(value, "0123456789", 10) == 0;
                    t->c->finish(good ? ZOK : ZAPIERROR, t->tag);
                  },
                  &tags[i]),
              ZOK);
  }
  ASSERT_TRUE(reads.wait(kCount));
  EXPECT_EQ(reads.ok, kCount);
  Completions sync;
  Tagged t{&sync, 0};
  ASSERT_EQ(zoo_async(
                zh_, base_.c_str(),
                [](int rc, const char*, const void* d) {
                  static_cast<const Tagged*>(d)->c->finish(rc, 0);
                },
                &t),
            ZOK);
  ASSERT_TRUE(sync.wait(1));
  EXPECT_EQ(sync.ok, 1);
}

}  // namespace
