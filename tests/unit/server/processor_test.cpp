#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>

#include "server/processor/request_processor.hpp"

namespace zks {
namespace {

// Records what the pipeline sends; decodes reply headers.
struct FakeChannel : ClientChannel {
  void send(uint64_t conn, std::string packet) override { sent[conn].push_back(packet.substr(4)); }
  void close(uint64_t conn) override { closed.push_back(conn); }
  std::map<uint64_t, std::vector<std::string>> sent;
  std::vector<uint64_t> closed;
};

// A log whose durability the test controls: zxids in append order, everything committed
// (and every sync answered) at make_durable().
struct ManualLog : TxnLog {
  void set_listener(Listener* l) override { listener = l; }
  void append(uint64_t seq, Txn txn) override {
    txn.zxid = ++last;
    records.push_back(encode_txn(txn));
    pending.emplace_back(seq, std::move(txn));
  }
  void sync(uint64_t seq) override { pending.emplace_back(seq, std::nullopt); }
  bool reconfig(uint64_t seq, const ReconfigRequest& request) override {
    if (replicated) reconfigs.emplace_back(seq, request);
    return replicated;
  }
  void flush() override {}
  void make_durable() {
    auto batch = std::move(pending);
    pending.clear();
    for (auto& [seq, txn] : batch) {
      if (txn) {
        listener->committed(std::move(*txn), seq);
      } else {
        listener->synced(seq);
      }
    }
  }
  Listener* listener = nullptr;
  bool replicated = false;  // takes reconfigs (an ensemble) instead of refusing them
  std::vector<std::pair<uint64_t, ReconfigRequest>> reconfigs;
  int64_t last = 0;
  std::vector<std::string> records;
  std::vector<std::pair<uint64_t, std::optional<Txn>>> pending;
};

struct Header {
  int32_t xid;
  int64_t zxid;
  int32_t err;
};
Header header(const std::string& p) {
  jute::Reader r(p);
  return Header{r.i32(), r.i64(), r.i32()};
}

const AclList kOpen{Acl{perm::kAll, {"world", "anyone"}}};

class ProcessorTest : public ::testing::Test {
 protected:
  ProcessorTest() : sm(1, 4000, 40000), processor(sm, log, channel) {}

  int64_t connect(uint64_t conn) {
    processor.connect(conn, "127.0.0.1", ConnectRequest{0, 0, 10000, 0, std::string(16, 0), false},
                      0);
    log.make_durable();
    jute::Reader r(channel.sent[conn].back());
    r.i32();
    EXPECT_EQ(r.i32(), 10000);
    int64_t id = r.i64();
    channel.sent[conn].clear();
    return id;
  }
  void request(uint64_t conn, int32_t xid, OpCode op, RequestBody body) {
    processor.receive(conn, Request{xid, op, std::move(body)}, now());
  }
  // Session deadlines run on the steady clock.
  static int64_t now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  StateMachine sm;
  ManualLog log;
  FakeChannel channel;
  RequestProcessor processor;
};

TEST_F(ProcessorTest, ReconfigIsRefusedUnlessEnabledAndIncremental) {
  connect(1);
  const ReconfigRequest one{"", "3", "", -1}, two{"", "2,3", "", -1};
  request(1, 1, OpCode::kReconfig, one);  // reconfigEnabled defaults to false
  RequestProcessor enabled(sm, log, channel, true);
  enabled.connect(2, "127.0.0.1", ConnectRequest{0, 0, 10000, 0, std::string(16, 0), false}, 0);
  log.make_durable();
  channel.sent[2].clear();
  enabled.receive(2, Request{1, OpCode::kReconfig, two}, now());
  ASSERT_EQ(channel.sent[1].size(), 1u);
  EXPECT_EQ(header(channel.sent[1][0]).err, static_cast<int32_t>(Error::kReconfigDisabled));
  ASSERT_EQ(channel.sent[2].size(), 1u);
  EXPECT_EQ(header(channel.sent[2][0]).err, static_cast<int32_t>(Error::kBadArguments));
}

TEST_F(ProcessorTest, ReconfigIsAnsweredInOrderWithTheNewConfiguration) {
  RequestProcessor enabled(sm, log, channel, true);
  enabled.connect(1, "127.0.0.1", ConnectRequest{0, 0, 10000, 0, std::string(16, 0), false}, 0);
  log.make_durable();
  channel.sent[1].clear();
  const ReconfigRequest add{"server.4=h:1:2", "", "", -1};
  // Standalone: nothing to reconfigure.
  enabled.receive(1, Request{1, OpCode::kReconfig, add}, now());
  ASSERT_EQ(channel.sent[1].size(), 1u);
  EXPECT_EQ(header(channel.sent[1][0]).err, static_cast<int32_t>(Error::kUnimplemented));
  channel.sent[1].clear();
  // An ensemble: answered after the earlier write, with /zookeeper/config's data and stat.
  log.replicated = true;
  enabled.receive(1, Request{2, OpCode::kCreate, CreateOp{OpCode::kCreate, "/a", "", kOpen, 0, 0}},
                  now());
  enabled.receive(1, Request{3, OpCode::kReconfig, add}, now());
  enabled.receive(1, Request{4, OpCode::kReconfig, ReconfigRequest{"", "2", "", -1}}, now());
  ASSERT_EQ(log.reconfigs.size(), 2u);
  EXPECT_EQ(log.reconfigs[0].second.joining, add.joining);
  sm.tree.set_config("server.4=h:1:2:participant\nversion=2a", 7);
  log.listener->reconfigured(log.reconfigs[1].first, Error::kReconfigInProgress);
  log.listener->reconfigured(log.reconfigs[0].first, Error::kOk);
  EXPECT_TRUE(channel.sent[1].empty());  // the create is not committed yet
  log.make_durable();
  ASSERT_EQ(channel.sent[1].size(), 3u);
  EXPECT_EQ(header(channel.sent[1][0]).xid, 2);
  jute::Reader r(channel.sent[1][1]);
  EXPECT_EQ(r.i32(), 3);
  r.i64();
  EXPECT_EQ(r.i32(), 0);
  EXPECT_EQ(r.buffer(), "server.4=h:1:2:participant\nversion=2a");
  EXPECT_EQ(header(channel.sent[1][2]).xid, 4);
  EXPECT_EQ(header(channel.sent[1][2]).err, static_cast<int32_t>(Error::kReconfigInProgress));
}

TEST_F(ProcessorTest, ConnectCreatesSessionOnlyOnceDurable) {
  processor.connect(1, "127.0.0.1", ConnectRequest{0, 0, 1, 0, std::string(16, 0), false}, 0);
  EXPECT_TRUE(channel.sent[1].empty());
  log.make_durable();
  ASSERT_EQ(channel.sent[1].size(), 1u);
  jute::Reader r(channel.sent[1][0]);
  r.i32();
  EXPECT_EQ(r.i32(), 4000);  // clamped to the minimum
  EXPECT_EQ(sm.sessions.all().size(), 1u);
}

TEST_F(ProcessorTest, WriteIsAnsweredAfterDurabilityAndReadsWaitBehindIt) {
  connect(1);
  request(1, 1, OpCode::kCreate, CreateOp{OpCode::kCreate, "/a", "v", kOpen, 0, 0});
  request(1, 2, OpCode::kGetData, PathRequest{"/a", false});
  EXPECT_TRUE(channel.sent[1].empty());  // the read must observe the pending write
  log.make_durable();
  ASSERT_EQ(channel.sent[1].size(), 2u);
  EXPECT_EQ(header(channel.sent[1][0]).xid, 1);
  EXPECT_EQ(header(channel.sent[1][0]).err, 0);
  Header h = header(channel.sent[1][1]);
  EXPECT_EQ(h.xid, 2);
  EXPECT_EQ(h.err, 0);
  jute::Reader r(channel.sent[1][1]);
  r.i32(), r.i64(), r.i32();
  EXPECT_EQ(r.buffer(), "v");
}

TEST_F(ProcessorTest, NotificationPrecedesReplyThatReflectsTheChange) {
  connect(1);
  connect(2);
  request(1, 1, OpCode::kCreate, CreateOp{OpCode::kCreate, "/w", "", kOpen, 0, 0});
  log.make_durable();
  request(2, 1, OpCode::kGetData, PathRequest{"/w", true});
  channel.sent[2].clear();
  request(1, 2, OpCode::kSetData, SetDataOp{"/w", "new", -1});
  log.make_durable();
  request(2, 2, OpCode::kGetData, PathRequest{"/w", false});
  ASSERT_EQ(channel.sent[2].size(), 2u);
  EXPECT_EQ(header(channel.sent[2][0]).xid, kWatchXid);
  EXPECT_EQ(header(channel.sent[2][1]).xid, 2);
}

TEST_F(ProcessorTest, ErrorsKeepRequestOrder) {
  connect(1);
  request(1, 1, OpCode::kCreate, CreateOp{OpCode::kCreate, "/x", "", kOpen, 0, 0});
  request(1, 2, OpCode::kGetData, PathRequest{"/nope", false});
  request(1, 3, OpCode::kCreate, CreateOp{OpCode::kCreate, "/x", "", kOpen, 0, 0});
  log.make_durable();
  ASSERT_EQ(channel.sent[1].size(), 3u);
  EXPECT_EQ(header(channel.sent[1][1]).err, code(Error::kNoNode));
  EXPECT_EQ(header(channel.sent[1][2]).xid, 3);
  EXPECT_EQ(header(channel.sent[1][2]).err, code(Error::kNodeExists));
}

TEST_F(ProcessorTest, ReconnectChecksPassword) {
  int64_t id = connect(1);
  processor.disconnected(1);
  processor.connect(2, "127.0.0.1", ConnectRequest{0, 0, 10000, id, std::string(16, 1), false}, 0);
  jute::Reader bad(channel.sent[2].back());
  bad.i32();
  EXPECT_EQ(bad.i32(), 0);  // timeout 0: session expired
  EXPECT_EQ(channel.closed.back(), 2u);
  std::string password = sm.sessions.find(id)->password;
  processor.connect(3, "127.0.0.1", ConnectRequest{0, 0, 10000, id, password, false}, 0);
  jute::Reader good(channel.sent[3].back());
  good.i32();
  EXPECT_EQ(good.i32(), 10000);
  EXPECT_EQ(good.i64(), id);
}

TEST_F(ProcessorTest, ExpiryClosesSessionDeletesEphemeralsAndNotifies) {
  connect(1);
  connect(2);
  request(1, 1, OpCode::kCreate, CreateOp{OpCode::kCreate, "/e", "", kOpen, 1, 0});
  log.make_durable();
  request(2, 1, OpCode::kExists, PathRequest{"/e", true});
  channel.sent[2].clear();
  int64_t t = now();
  processor.tick(t + 5000);
  log.make_durable();
  EXPECT_TRUE(channel.closed.empty());
  processor.receive(2, Request{kPingXid, OpCode::kPing, {}}, t + 20000);  // keeps 2 alive
  processor.tick(t + 20001);
  log.make_durable();
  EXPECT_EQ(sm.tree.find("/e"), nullptr);
  EXPECT_EQ(sm.sessions.all().size(), 1u);
  EXPECT_EQ(channel.closed, std::vector<uint64_t>{1});
  ASSERT_EQ(channel.sent[2].size(), 2u);  // ping reply, then the deletion event
  jute::Reader r(channel.sent[2][1]);
  r.i32(), r.i64(), r.i32();
  EXPECT_EQ(r.i32(), static_cast<int32_t>(EventType::kDeleted));
}

TEST_F(ProcessorTest, SyncWaitsForEarlierWrites) {
  connect(1);
  connect(2);
  request(1, 1, OpCode::kCreate, CreateOp{OpCode::kCreate, "/s", "", kOpen, 0, 0});
  request(2, 1, OpCode::kSync, PathRequest{"/s", false});
  EXPECT_TRUE(channel.sent[2].empty());
  log.make_durable();
  ASSERT_EQ(channel.sent[2].size(), 1u);
  jute::Reader r(channel.sent[2][0]);
  r.i32(), r.i64(), r.i32();
  EXPECT_EQ(r.string(), "/s");
}

TEST_F(ProcessorTest, LoggedTransactionsReplayToTheSameState) {
  connect(1);
  request(1, 1, OpCode::kMulti,
          MultiOp{{CreateOp{OpCode::kCreate, "/m", "1", kOpen, 0, 0},
                   CreateOp{OpCode::kCreate, "/m/q-", "", kOpen, create_mode::kSequential, 0}}});
  request(1, 2, OpCode::kSetData, SetDataOp{"/m", "2", 0});
  log.make_durable();
  StateMachine replica(1, 4000, 40000);
  for (const auto& rec : log.records) replica.apply(decode_txn(rec), 0);
  EXPECT_EQ(replica.snapshot(), sm.snapshot());
}

}  // namespace
}  // namespace zks
