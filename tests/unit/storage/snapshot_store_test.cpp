#include "server/storage/snapshot_store.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>

#include "server/storage/purge.hpp"
#include "tests/unit/storage/fault_env.hpp"
#include "tests/unit/storage/temp_dir.hpp"

namespace zks::storage {
namespace {

using testing::FaultEnv;
using testing::FlipBit;
using testing::Op;
using testing::TempDir;

std::string Payload(uint64_t index) {
  std::string p;
  for (uint64_t i = 0; i < 3000 + index; ++i) p.push_back(static_cast<char>(i * index));
  return p;
}

std::unique_ptr<SnapshotStore> OpenStore(const std::string& dir, Env* env = Env::Default()) {
  std::unique_ptr<SnapshotStore> store;
  Status s = SnapshotStore::Open(dir, env, &store);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return store;
}

bool Exists(const std::string& path) {
  return std::filesystem::exists(path);
}

TEST(SnapshotStore, StreamedWriteLoadsBackAsTheNewest) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->Write(10, 1, Payload(10)).ok());
  std::unique_ptr<SnapshotWriter> w;
  ASSERT_TRUE(store->Begin(20, 2, &w).ok());
  std::string whole = Payload(20);
  for (size_t off = 0; off < whole.size(); off += 1000) {
    ASSERT_TRUE(w->Append(std::string_view(whole).substr(off, 1000)).ok());
  }
  SnapshotMeta committed;
  ASSERT_TRUE(w->Commit(&committed).ok());
  EXPECT_EQ(committed.payload_size, whole.size());

  store = OpenStore(dir.path());
  SnapshotMeta meta;
  std::string payload;
  ASSERT_TRUE(store->LoadNewest(false, &meta, &payload).ok());
  EXPECT_EQ(meta.index, 20u);
  EXPECT_EQ(meta.term, 2u);
  EXPECT_EQ(payload, whole);
  std::vector<SnapshotMeta> all;
  ASSERT_TRUE(store->List(&all).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].index, 10u);
}

TEST(SnapshotStore, EmptyStoreIsNotFound) {
  TempDir dir;
  SnapshotMeta meta;
  std::string payload;
  EXPECT_TRUE(OpenStore(dir.path())->LoadNewest(true, &meta, &payload).IsNotFound());
}

TEST(SnapshotStore, UncommittedSnapshotIsInvisibleAndItsTempFileCleaned) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->Write(10, 1, Payload(10)).ok());
  std::unique_ptr<SnapshotWriter> w;
  ASSERT_TRUE(store->Begin(20, 1, &w).ok());
  ASSERT_TRUE(w->Append(Payload(20)).ok());
  const std::string temp = dir / "snap.0000000000000014.tmp";
  ASSERT_TRUE(Exists(temp));
  SnapshotMeta meta;
  std::string payload;
  ASSERT_TRUE(store->LoadNewest(false, &meta, &payload).ok());
  EXPECT_EQ(meta.index, 10u);  // the half-written one is not listed
  // A crash here leaves the temp file behind; the next Open removes it.
  std::filesystem::copy_file(temp, dir / "keep");
  w.reset();
  EXPECT_FALSE(Exists(temp));
  std::filesystem::rename(dir / "keep", temp);
  store = OpenStore(dir.path());
  EXPECT_FALSE(Exists(temp));
  ASSERT_TRUE(store->LoadNewest(false, &meta, &payload).ok());
  EXPECT_EQ(meta.index, 10u);
}

TEST(SnapshotStore, CorruptNewestFailsUnlessFallbackIsAllowed) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->Write(10, 1, Payload(10)).ok());
  ASSERT_TRUE(store->Write(20, 1, Payload(20)).ok());
  const std::string newest = dir / "snap.0000000000000014";
  FlipBit(newest, 36 + 100, 2);
  SnapshotMeta meta;
  std::string payload;
  Status s = store->LoadNewest(false, &meta, &payload);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find(newest), std::string::npos) << s.message();
  EXPECT_TRUE(payload.empty());
  std::vector<Status> skipped;
  ASSERT_TRUE(store->LoadNewest(true, &meta, &payload, &skipped).ok());
  EXPECT_EQ(meta.index, 10u);
  EXPECT_EQ(payload, Payload(10));
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].message().find(newest), std::string::npos);
}

TEST(SnapshotStore, DetectsTruncationHeaderDamageAndRenamedFiles) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->Write(10, 1, Payload(10)).ok());
  const std::string path = dir / "snap.000000000000000a";
  SnapshotMeta meta;
  std::string payload;

  std::filesystem::copy_file(path, dir / "snap.000000000000000b");
  EXPECT_TRUE(store->Load(dir / "snap.000000000000000b", &meta, &payload).IsCorruption());

  FlipBit(path, 20, 0);
  EXPECT_TRUE(store->Load(path, &meta, &payload).IsCorruption());
  FlipBit(path, 20, 0);
  ASSERT_TRUE(store->Load(path, &meta, &payload).ok());

  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 1);
  EXPECT_TRUE(store->Load(path, &meta, &payload).IsCorruption());
}

TEST(SnapshotStore, FailedCommitLeavesNoSnapshot) {
  TempDir dir;
  FaultEnv env;
  auto store = OpenStore(dir.path(), &env);
  for (Op op : {Op::kSync, Op::kRename}) {
    env.hook = [op](Op o, const std::string&) { return o == op ? EIO : 0; };
    std::unique_ptr<SnapshotWriter> w;
    ASSERT_TRUE(store->Begin(5, 1, &w).ok());
    ASSERT_TRUE(w->Append("state").ok());
    EXPECT_EQ(w->Commit().sys_errno(), EIO);
    w.reset();
    env.hook = nullptr;
    std::vector<SnapshotMeta> all;
    ASSERT_TRUE(store->List(&all).ok());
    EXPECT_TRUE(all.empty());
    EXPECT_FALSE(Exists(dir / "snap.0000000000000005.tmp"));
  }
}

TEST(SnapshotStore, PurgeKeepsTheNewestNeverFewerThanThree) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  for (uint64_t i = 1; i <= 6; ++i) ASSERT_TRUE(store->Write(i * 100, 1, "s").ok());
  uint64_t oldest = 0;
  ASSERT_TRUE(store->Purge(5, &oldest).ok());
  EXPECT_EQ(oldest, 200u);
  ASSERT_TRUE(store->Purge(1, &oldest).ok());  // raised to 3
  EXPECT_EQ(oldest, 400u);
  std::vector<SnapshotMeta> all;
  ASSERT_TRUE(store->List(&all).ok());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].index, 600u);
  EXPECT_EQ(all[2].index, 400u);
}

TEST(SnapshotStore, PurgeOldDataDropsLogSegmentsBeforeTheOldestKeptSnapshot) {
  TempDir dir;
  auto store = OpenStore(dir / "snap");
  LogOptions options;
  options.segment_bytes = 512;
  std::unique_ptr<RecordLog> log;
  ASSERT_TRUE(RecordLog::Open(dir / "log", options, &log).ok());
  for (uint64_t i = 1; i <= 200; ++i) ASSERT_TRUE(log->Append(i, 1, "0123456789").ok());
  ASSERT_TRUE(log->Sync().ok());
  ASSERT_TRUE(PurgeOldData(*store, *log, 3).ok());  // no snapshot: nothing goes
  EXPECT_EQ(log->first_index(), 1u);
  for (uint64_t i : {50, 100, 120, 150}) ASSERT_TRUE(store->Write(i, 1, "s").ok());
  ASSERT_TRUE(PurgeOldData(*store, *log, 3).ok());
  EXPECT_GT(log->first_index(), 50u);
  EXPECT_LE(log->first_index(), 101u);  // replay from snapshot 100 stays possible
  std::vector<SnapshotMeta> all;
  ASSERT_TRUE(store->List(&all).ok());
  EXPECT_EQ(all.back().index, 100u);
}

}  // namespace
}  // namespace zks::storage
