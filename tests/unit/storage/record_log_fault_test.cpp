// RecordLog under injected disk errors: the error reaches the caller, the log stops, and a
// reopen finds every acknowledged record.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <random>

#include "server/storage/record_log.hpp"
#include "tests/unit/storage/fault_env.hpp"
#include "tests/unit/storage/temp_dir.hpp"

namespace zks::storage {
namespace {

using testing::FaultEnv;
using testing::Op;
using testing::TempDir;

class RecordLogFaults : public ::testing::Test {
 protected:
  LogOptions Options() {
    LogOptions o;
    o.env = &env_;
    o.segment_bytes = 1024;
    return o;
  }
  std::unique_ptr<RecordLog> Open(LogOpenReport* report = nullptr) {
    std::unique_ptr<RecordLog> log;
    Status s = RecordLog::Open(dir_.path(), Options(), &log, report);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return log;
  }
  // Fails the next operation of kind op with err, once.
  void FailNext(Op op, int err) {
    env_.hook = [op, err, armed = true](Op o, const std::string&) mutable {
      if (o != op || !armed) return 0;
      armed = false;
      return err;
    };
  }
  // Appends records from..to, syncing every 5; returns the last acknowledged index and the
  // first error met.
  Status Write(RecordLog& log, uint64_t from, uint64_t to, uint64_t* acked) {
    for (uint64_t i = from; i <= to; ++i) {
      Status s = log.Append(i, 1, std::string(40, static_cast<char>('a' + i % 26)));
      if (s.ok() && i % 5 == 0) s = log.Sync();
      if (!s.ok()) return s;
      if (i % 5 == 0) *acked = i;
    }
    return Status::Ok();
  }
  static std::string Payload(uint64_t index) {
    return std::string(10 + index % 50, 'a' + index % 26);
  }
  void ExpectAckedSurvive(uint64_t acked) {
    LogOpenReport report;
    auto log = Open(&report);
    ASSERT_NE(log, nullptr);
    ASSERT_GE(log->last_index(), acked) << report.ToString();
    std::vector<Record> records;
    ASSERT_TRUE(log->Read(1, acked, &records).ok());
    ASSERT_EQ(records.size(), acked);
    for (uint64_t i = 1; i <= acked; ++i) {
      EXPECT_EQ(records[i - 1].payload, std::string(40, static_cast<char>('a' + i % 26)));
    }
  }

  TempDir dir_;
  FaultEnv env_;
};

TEST_F(RecordLogFaults, GroupCommitSyncsOncePerBatch) {
  auto log = Open();
  for (uint64_t i = 1; i <= 16; ++i) ASSERT_TRUE(log->Append(i, 1, "x").ok());
  int before = env_.count(Op::kSync);
  ASSERT_TRUE(log->Sync().ok());
  EXPECT_EQ(env_.count(Op::kSync), before + 1);
}

TEST_F(RecordLogFaults, ForceSyncOffNeverFsyncs) {
  LogOptions o = Options();
  o.force_sync = false;
  std::unique_ptr<RecordLog> log;
  ASSERT_TRUE(RecordLog::Open(dir_.path(), o, &log).ok());
  int before = env_.count(Op::kSync) + env_.count(Op::kSyncDir);
  for (uint64_t i = 1; i <= 200; ++i) ASSERT_TRUE(log->Append(i, 1, std::string(50, 'y')).ok());
  ASSERT_TRUE(log->Sync().ok());
  EXPECT_EQ(env_.count(Op::kSync) + env_.count(Op::kSyncDir), before);
  log.reset();
  EXPECT_EQ(Open()->last_index(), 200u);  // written to the kernel all the same
}

TEST_F(RecordLogFaults, FailedFsyncStopsTheLogUntilReopen) {
  auto log = Open();
  uint64_t acked = 0;
  ASSERT_TRUE(Write(*log, 1, 20, &acked).ok());
  FailNext(Op::kSync, EIO);
  Status s = Write(*log, 21, 40, &acked);
  EXPECT_TRUE(s.IsIoError());
  EXPECT_EQ(s.sys_errno(), EIO);
  EXPECT_EQ(acked, 20u);
  EXPECT_EQ(log->synced_index(), 20u);
  // Even though the disk would now work again, the log refuses: the pages may be lost.
  EXPECT_EQ(log->Append(100, 1, "z").sys_errno(), EIO);
  EXPECT_EQ(log->Sync().sys_errno(), EIO);
  EXPECT_EQ(log->TruncateSuffix(3).sys_errno(), EIO);
  log.reset();
  ExpectAckedSurvive(acked);
}

TEST_F(RecordLogFaults, ShortWriteOnFullDiskLeavesATornTailCutAtReopen) {
  auto log = Open();
  uint64_t acked = 0;
  ASSERT_TRUE(Write(*log, 1, 10, &acked).ok());
  FailNext(Op::kAppend, ENOSPC);
  Status s = Write(*log, 11, 15, &acked);
  EXPECT_EQ(s.sys_errno(), ENOSPC);
  EXPECT_NE(s.message().find(dir_.path()), std::string::npos) << s.message();
  EXPECT_EQ(log->Append(16, 1, "z").sys_errno(), ENOSPC);
  log.reset();
  LogOpenReport report;
  Open(&report);
  EXPECT_TRUE(report.torn_tail) << report.ToString();
  ExpectAckedSurvive(10);
}

TEST_F(RecordLogFaults, FailuresWhileStartingASegmentStopTheLog) {
  for (Op op : {Op::kCreate, Op::kSyncDir, Op::kSync}) {
    TempDir fresh;
    LogOptions o = Options();
    std::unique_ptr<RecordLog> log;
    ASSERT_TRUE(RecordLog::Open(fresh.path(), o, &log).ok());
    uint64_t acked = 0;
    ASSERT_TRUE(Write(*log, 1, 10, &acked).ok());
    FailNext(op, ENOSPC);
    Status s = Write(*log, 11, 200, &acked);  // rolls segments every ~20 records
    EXPECT_EQ(s.sys_errno(), ENOSPC) << static_cast<int>(op);
    EXPECT_FALSE(log->status().ok());
    log.reset();
    env_.hook = nullptr;
    ASSERT_TRUE(RecordLog::Open(fresh.path(), o, &log).ok());
    EXPECT_GE(log->last_index(), acked);
  }
}

TEST_F(RecordLogFaults, FailedTruncationStopsTheLogAndLeavesAPrefix) {
  auto log = Open();
  uint64_t acked = 0;
  ASSERT_TRUE(Write(*log, 1, 100, &acked).ok());
  FailNext(Op::kTruncate, EIO);
  EXPECT_EQ(log->TruncateSuffix(50).sys_errno(), EIO);
  EXPECT_EQ(log->Append(51, 2, "z").sys_errno(), EIO);
  log.reset();
  auto reopened = Open();
  ASSERT_GE(reopened->last_index(), 50u);
  std::vector<Record> records;
  ASSERT_TRUE(reopened->Read(1, reopened->last_index(), &records).ok());
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].index, i + 1);
}

// Random appends, syncs, segment rolls, truncations and compactions (as a snapshot of
// acknowledged records would ask for); then a simulated power failure drops whatever was not
// made durable. Every acknowledged record not covered by the compaction must come back, and
// nothing removed by a completed truncation may reappear.
TEST_F(RecordLogFaults, AcknowledgedRecordsSurvivePowerLoss) {
  env_.real_sync = false;  // durability is simulated here; real fsyncs would only slow it
  for (uint64_t seed = 1; seed <= 15; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TempDir dir;
    std::mt19937_64 rng(seed);
    uint64_t acked = 0;        // every index up to here was acknowledged by Sync()
    uint64_t max_durable = 0;  // no index beyond this may exist after the crash
    uint64_t compacted = 0;    // the snapshot: records up to here may be gone
    for (int crash = 0; crash < 12; ++crash) {
      std::unique_ptr<RecordLog> log;
      Status s = RecordLog::Open(dir.path(), Options(), &log);
      ASSERT_TRUE(s.ok()) << s.ToString();
      ASSERT_LE(log->last_index(), max_durable);
      if (acked > compacted) {
        ASSERT_GE(log->last_index(), acked);
        ASSERT_LE(log->first_index(), compacted + 1);
      }
      if (!log->empty()) {
        std::vector<Record> records;
        ASSERT_TRUE(log->Read(log->first_index(), log->last_index(), &records).ok());
        ASSERT_EQ(records.size(), log->last_index() - log->first_index() + 1);
        for (const Record& r : records) ASSERT_EQ(r.payload, Payload(r.index));
      }
      acked = std::max(compacted, log->last_index());  // what survived is durable now
      max_durable = acked;
      for (int step = 0; step < 20; ++step) {
        uint64_t choice = rng() % 10;
        if (choice < 6) {
          uint64_t n = 1 + rng() % 8;
          for (uint64_t i = 0; i < n; ++i) {
            uint64_t index = std::max(compacted, log->last_index()) + 1;
            ASSERT_TRUE(log->Append(index, crash, Payload(index)).ok());
          }
          max_durable = std::max(max_durable, log->last_index());
        } else if (choice < 8) {
          ASSERT_TRUE(log->Sync().ok());
          acked = std::max(acked, log->last_index());
        } else if (choice < 9 && log->last_index() > compacted) {
          uint64_t cut = compacted + rng() % (log->last_index() - compacted);
          ASSERT_TRUE(log->TruncateSuffix(cut).ok());
          acked = std::min(acked, cut);
          max_durable = cut;
        } else if (!log->empty()) {
          compacted = std::max(compacted, std::min(acked, log->first_index() + rng() % 40));
          ASSERT_TRUE(log->CompactPrefix(compacted).ok());
        }
      }
      log.reset();  // the process dies; unsynced appends were never written
      env_.DropUnsyncedData();
    }
  }
}

TEST_F(RecordLogFaults, FailedOpenReportsTheError) {
  {
    auto log = Open();
    uint64_t acked = 0;
    ASSERT_TRUE(Write(*log, 1, 10, &acked).ok());
  }
  FailNext(Op::kOpenAppend, EIO);
  std::unique_ptr<RecordLog> log;
  Status s = RecordLog::Open(dir_.path(), Options(), &log);
  EXPECT_EQ(s.sys_errno(), EIO);
  EXPECT_EQ(log, nullptr);
}

}  // namespace
}  // namespace zks::storage
