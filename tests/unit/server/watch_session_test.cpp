#include <gtest/gtest.h>

#include "server/session/session_tracker.hpp"
#include "server/watch/watch_manager.hpp"

namespace zks {
namespace {

using Fired = std::vector<std::pair<WatchManager::Watcher, WatchEvent>>;

TEST(WatchManager, OneShotWatchesFireOnceWithZooKeeperEventRouting) {
  WatchManager w;
  w.add("/a", 1, WatchKind::kData);
  w.add("/a", 2, WatchKind::kChild);
  EXPECT_EQ(w.trigger({"/a", EventType::kDataChanged}),
            (Fired{{1, {"/a", EventType::kDataChanged}}}));
  EXPECT_TRUE(w.trigger({"/a", EventType::kDataChanged}).empty());
  EXPECT_EQ(w.trigger({"/a", EventType::kChildrenChanged}),
            (Fired{{2, {"/a", EventType::kChildrenChanged}}}));
  w.add("/a", 1, WatchKind::kData);
  w.add("/a", 1, WatchKind::kChild);
  // A deletion reaches data and child watchers, once per watcher.
  EXPECT_EQ(w.trigger({"/a", EventType::kDeleted}), (Fired{{1, {"/a", EventType::kDeleted}}}));
  EXPECT_EQ(w.watch_count(), 0u);
  EXPECT_EQ(w.watcher_count(), 0u);  // fired one-shot watches leave nothing behind
}

TEST(WatchManager, PersistentAndRecursiveWatchesStay) {
  WatchManager w;
  w.add("/a", 1, WatchKind::kPersistent);
  w.add("/", 2, WatchKind::kPersistentRecursive);
  for (int i = 0; i < 2; ++i) {
    auto fired = w.trigger({"/a", EventType::kDataChanged});
    EXPECT_EQ(fired.size(), 2u);
  }
  EXPECT_EQ(w.trigger({"/a/b/c", EventType::kCreated}),
            (Fired{{2, {"/a/b/c", EventType::kCreated}}}));
  // Child-list changes go to persistent watchers of that node only, not recursive ones.
  EXPECT_EQ(w.trigger({"/a", EventType::kChildrenChanged}),
            (Fired{{1, {"/a", EventType::kChildrenChanged}}}));
  EXPECT_TRUE(w.remove("/a", 1, 3));
  EXPECT_FALSE(w.remove("/a", 1, 3));
  w.remove_watcher(2);
  EXPECT_EQ(w.watch_count(), 0u);
}

TEST(WatchManager, CheckWatchesDoesNotRemove) {
  WatchManager w;
  w.add("/a", 1, WatchKind::kData);
  EXPECT_FALSE(w.remove("/a", 1, 1, true));
  EXPECT_TRUE(w.remove("/a", 1, 2, true));
  EXPECT_EQ(w.watch_count(), 1u);
}

TEST(SessionTracker, NegotiatesExpiresAndSerializes) {
  SessionTracker t(3, 4000, 40000);
  EXPECT_EQ(t.negotiate(100), 4000);
  EXPECT_EQ(t.negotiate(100000), 40000);
  EXPECT_EQ(t.negotiate(10000), 10000);
  int64_t id = t.next_id(1'700'000'000'000);
  EXPECT_EQ(static_cast<uint64_t>(id) >> 56, 3u);
  EXPECT_NE(t.next_id(1'700'000'000'000), id);
  Session& s = t.add(id, 5000, SessionTracker::new_password(), 1000);
  EXPECT_EQ(s.password.size(), 16u);
  EXPECT_TRUE(t.expire(5999).empty());
  t.touch(s, 2000);
  EXPECT_TRUE(t.expire(6999).empty());
  EXPECT_EQ(t.expire(7000), std::vector<int64_t>{id});
  EXPECT_TRUE(t.expire(9000).empty());  // already closing
  std::string buf;
  jute::Writer w(buf);
  t.serialize(w);
  SessionTracker copy(3, 4000, 40000);
  jute::Reader r(buf);
  copy.deserialize(r, 100);
  ASSERT_NE(copy.find(id), nullptr);
  EXPECT_EQ(copy.find(id)->password, s.password);
  EXPECT_EQ(copy.find(id)->deadline_ms, 5100);
}

}  // namespace
}  // namespace zks
