#include "server/storage/record_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "server/storage/file_names.hpp"
#include "server/storage/segment_format.hpp"
#include "tests/unit/storage/temp_dir.hpp"

namespace zks::storage {
namespace {

using testing::FlipBit;
using testing::ReadAll;
using testing::TempDir;
using testing::WriteAll;

std::string Payload(uint64_t index) {
  return "record-" + std::to_string(index) + std::string(index % 37, 'x');
}

std::unique_ptr<RecordLog> OpenOk(const std::string& dir, const LogOptions& options = {},
                                  LogOpenReport* report = nullptr) {
  std::unique_ptr<RecordLog> log;
  Status s = RecordLog::Open(dir, options, &log, report);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return log;
}

void AppendRange(RecordLog& log, uint64_t from, uint64_t to, uint64_t term) {
  for (uint64_t i = from; i <= to; ++i) ASSERT_TRUE(log.Append(i, term, Payload(i)).ok());
  ASSERT_TRUE(log.Sync().ok());
}

void ExpectRecords(RecordLog& log, uint64_t from, uint64_t to) {
  std::vector<Record> records;
  ASSERT_TRUE(log.Read(from, to, &records).ok());
  ASSERT_EQ(records.size(), to - from + 1);
  for (uint64_t i = from; i <= to; ++i) {
    EXPECT_EQ(records[i - from].index, i);
    EXPECT_EQ(records[i - from].payload, Payload(i));
  }
}

std::vector<std::string> SegmentFiles(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    uint64_t index;
    std::string name = e.path().filename();
    if (ParseIndexedFileName(name, "log", &index)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

LogOptions SmallSegments() {
  LogOptions o;
  o.segment_bytes = 1024;
  return o;
}

TEST(RecordLog, RoundTripsAcrossSegmentRollsAndReopen) {
  TempDir dir;
  {
    auto log = OpenOk(dir.path(), SmallSegments());
    EXPECT_TRUE(log->empty());
    for (uint64_t i = 1; i <= 300; ++i) {
      ASSERT_TRUE(log->Append(i, i / 50, Payload(i)).ok());
      if (i % 7 == 0) {
        ASSERT_TRUE(log->Sync().ok());
      }
    }
    ASSERT_TRUE(log->Sync().ok());
    EXPECT_EQ(log->synced_index(), 300u);
    ExpectRecords(*log, 1, 300);
  }
  EXPECT_GT(SegmentFiles(dir.path()).size(), 10u);
  LogOpenReport report;
  auto log = OpenOk(dir.path(), SmallSegments(), &report);
  EXPECT_FALSE(report.torn_tail);
  EXPECT_EQ(report.records, 300u);
  EXPECT_EQ(log->first_index(), 1u);
  EXPECT_EQ(log->last_index(), 300u);
  EXPECT_EQ(log->last_term(), 6u);
  EXPECT_EQ(log->TermAt(149), 2u);
  EXPECT_FALSE(log->TermAt(301).has_value());
  ExpectRecords(*log, 1, 300);
  ExpectRecords(*log, 77, 201);
  AppendRange(*log, 301, 320, 7);  // appending continues after reopen
  ExpectRecords(*log, 290, 320);
}

TEST(RecordLog, AcceptsGapsButRejectsIndicesThatDoNotIncrease) {
  TempDir dir;
  auto log = OpenOk(dir.path());
  const uint64_t zxid = 5ull << 32;
  ASSERT_TRUE(log->Append(zxid + 1, 0, "a").ok());
  ASSERT_TRUE(log->Append(zxid + 9, 0, "b").ok());
  EXPECT_TRUE(log->Append(zxid + 9, 0, "c").IsInvalidArgument());
  EXPECT_TRUE(log->Append(zxid, 0, "c").IsInvalidArgument());
  EXPECT_TRUE(log->status().ok());  // a rejected argument does not stop the log
  ASSERT_TRUE(log->Append((6ull << 32) + 1, 0, "d").ok());
  ASSERT_TRUE(log->Sync().ok());
  log.reset();
  log = OpenOk(dir.path());
  std::vector<Record> records;
  ASSERT_TRUE(log->Read(0, UINT64_MAX, &records).ok());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].index, zxid + 9);
  EXPECT_EQ(records[2].payload, "d");
  records.clear();
  ASSERT_TRUE(log->Read(zxid + 2, zxid + 100, &records).ok());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].payload, "b");
}

TEST(RecordLog, ReadStopsAtByteBudgetButReturnsAtLeastOneRecord) {
  TempDir dir;
  auto log = OpenOk(dir.path());
  AppendRange(*log, 1, 20, 1);
  std::vector<Record> records;
  ASSERT_TRUE(log->Read(1, 20, &records, 1).ok());
  EXPECT_EQ(records.size(), 1u);
  records.clear();
  ASSERT_TRUE(log->Read(1, 20, &records, Payload(1).size() + Payload(2).size()).ok());
  EXPECT_EQ(records.size(), 2u);
}

// Builds a log of records 1..5 in one segment; returns the segment's path and the file size
// before record 5 was appended.
std::string FiveRecordSegment(const std::string& dir, uint64_t* size_before_last) {
  auto log = OpenOk(dir);
  AppendRange(*log, 1, 4, 1);
  std::string path = dir + "/" + SegmentFiles(dir).at(0);
  *size_before_last = ReadAll(path).size();
  AppendRange(*log, 5, 5, 1);
  return path;
}

TEST(RecordLog, TornTailAtEveryByteOffsetIsCutAndReported) {
  TempDir source;
  uint64_t good;
  std::string full = ReadAll(FiveRecordSegment(source.path(), &good));
  ASSERT_GT(full.size(), good);
  for (uint64_t len = good; len < full.size(); ++len) {
    TempDir dir;
    std::string path = dir / IndexedFileName("log", 1);
    WriteAll(path, full.substr(0, len));
    LogOpenReport report;
    auto log = OpenOk(dir.path(), {}, &report);
    ASSERT_NE(log, nullptr);
    EXPECT_EQ(log->last_index(), 4u) << "length " << len;
    EXPECT_EQ(report.torn_tail, len > good) << "length " << len;
    if (len > good) {
      EXPECT_EQ(report.torn_file, path);
      EXPECT_EQ(report.torn_offset, good);
      EXPECT_EQ(report.torn_bytes, len - good);
    }
    EXPECT_EQ(ReadAll(path).size(), good);
    ExpectRecords(*log, 1, 4);
    AppendRange(*log, 5, 5, 2);  // the cut log accepts the lost record again
    log.reset();
    log = OpenOk(dir.path(), {}, &report);
    EXPECT_FALSE(report.torn_tail);
    EXPECT_EQ(log->TermAt(5), 2u);
  }
}

TEST(RecordLog, TornHeaderOfNewestSegmentRemovesIt) {
  TempDir dir;
  {
    auto log = OpenOk(dir.path());
    AppendRange(*log, 1, 3, 1);
  }
  std::string header = EncodeSegmentHeader(4);
  for (size_t len = 0; len < header.size(); ++len) {
    std::string path = dir / IndexedFileName("log", 4);
    WriteAll(path, header.substr(0, len));
    LogOpenReport report;
    auto log = OpenOk(dir.path(), {}, &report);
    EXPECT_TRUE(report.torn_tail);
    EXPECT_EQ(report.torn_bytes, len);
    EXPECT_EQ(log->last_index(), 3u);
    EXPECT_FALSE(std::filesystem::exists(path));
  }
}

TEST(RecordLog, ZeroFilledTailIsTorn) {
  TempDir dir;
  uint64_t good;
  std::string path = FiveRecordSegment(dir.path(), &good);
  std::string bytes = ReadAll(path);
  WriteAll(path, bytes.substr(0, good) + std::string(bytes.size() - good, '\0'));
  LogOpenReport report;
  auto log = OpenOk(dir.path(), {}, &report);
  EXPECT_TRUE(report.torn_tail);
  EXPECT_EQ(log->last_index(), 4u);
}

// Offsets of records 1..5 within the five-record segment.
std::vector<uint64_t> RecordOffsets() {
  std::vector<uint64_t> offsets;
  uint64_t off = kSegmentHeaderSize;
  for (uint64_t i = 1; i <= 5; ++i) {
    offsets.push_back(off);
    off += kRecordFrameSize + Payload(i).size();
  }
  return offsets;
}

TEST(RecordLog, FlippedBitInACompleteRecordFailsOpenNamingFileAndOffset) {
  TempDir source;
  uint64_t good;
  std::string full = ReadAll(FiveRecordSegment(source.path(), &good));
  std::vector<uint64_t> offsets = RecordOffsets();
  ASSERT_EQ(offsets[4], good);
  // Every byte of record 3 (a middle one) and of record 5 (the last, but complete).
  for (int record : {2, 4}) {
    uint64_t end = record == 4 ? full.size() : offsets[record + 1];
    for (uint64_t at = offsets[record]; at < end; ++at) {
      TempDir dir;
      std::string path = dir / IndexedFileName("log", 1);
      WriteAll(path, full);
      FlipBit(path, at, static_cast<int>(at % 8));
      std::unique_ptr<RecordLog> log;
      Status s = RecordLog::Open(dir.path(), {}, &log);
      ASSERT_TRUE(s.IsCorruption()) << "flip at " << at << ": " << s.ToString();
      EXPECT_NE(s.message().find(path + " at offset " + std::to_string(offsets[record])),
                std::string::npos)
          << s.message();
      EXPECT_EQ(ReadAll(path).size(), full.size());  // nothing was cut
    }
  }
}

TEST(RecordLog, DamagedSegmentHeaderFailsOpen) {
  TempDir dir;
  uint64_t good;
  std::string path = FiveRecordSegment(dir.path(), &good);
  FlipBit(path, 17, 3);
  std::unique_ptr<RecordLog> log;
  Status s = RecordLog::Open(dir.path(), {}, &log);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find(path + " at offset 0"), std::string::npos) << s.message();
}

TEST(RecordLog, IncompleteOlderSegmentIsCorruptionNotATornTail) {
  TempDir dir;
  {
    auto log = OpenOk(dir.path(), SmallSegments());
    AppendRange(*log, 1, 100, 1);
  }
  std::vector<std::string> files = SegmentFiles(dir.path());
  ASSERT_GE(files.size(), 3u);
  std::string path = dir / files[1];
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
  std::unique_ptr<RecordLog> log;
  Status s = RecordLog::Open(dir.path(), SmallSegments(), &log);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
}

TEST(RecordLog, ReadDetectsDamageAfterOpen) {
  TempDir dir;
  uint64_t good;
  std::string path = FiveRecordSegment(dir.path(), &good);
  auto log = OpenOk(dir.path());
  FlipBit(path, RecordOffsets()[1] + kRecordFrameSize, 0);
  std::vector<Record> records;
  Status s = log->Read(1, 5, &records);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find(path), std::string::npos);
}

TEST(RecordLog, TruncateSuffixIsDurableAcrossSegments) {
  TempDir dir;
  {
    auto log = OpenOk(dir.path(), SmallSegments());
    AppendRange(*log, 1, 100, 1);
    size_t before = SegmentFiles(dir.path()).size();
    ASSERT_TRUE(log->TruncateSuffix(40).ok());
    EXPECT_LT(SegmentFiles(dir.path()).size(), before);
    EXPECT_EQ(log->last_index(), 40u);
    EXPECT_EQ(log->synced_index(), 40u);
    EXPECT_FALSE(log->TermAt(41).has_value());
    AppendRange(*log, 41, 60, 2);
  }
  auto log = OpenOk(dir.path(), SmallSegments());
  EXPECT_EQ(log->last_index(), 60u);
  EXPECT_EQ(log->TermAt(40), 1u);
  EXPECT_EQ(log->TermAt(41), 2u);
  ExpectRecords(*log, 1, 60);
}

TEST(RecordLog, TruncateSuffixKeepsBufferedRecordsBeforeTheCut) {
  TempDir dir;
  {
    auto log = OpenOk(dir.path());
    for (uint64_t i = 1; i <= 10; ++i) ASSERT_TRUE(log->Append(i, 1, Payload(i)).ok());
    ASSERT_TRUE(log->TruncateSuffix(6).ok());
    ASSERT_TRUE(log->Sync().ok());
  }
  auto log = OpenOk(dir.path());
  EXPECT_EQ(log->last_index(), 6u);
  ExpectRecords(*log, 1, 6);
}

TEST(RecordLog, TruncateSuffixBeforeFirstEmptiesTheLog) {
  TempDir dir;
  {
    auto log = OpenOk(dir.path(), SmallSegments());
    AppendRange(*log, 10, 80, 1);
    ASSERT_TRUE(log->TruncateSuffix(3).ok());
    EXPECT_TRUE(log->empty());
    EXPECT_TRUE(SegmentFiles(dir.path()).empty());
  }
  auto log = OpenOk(dir.path(), SmallSegments());
  EXPECT_TRUE(log->empty());
  AppendRange(*log, 4, 5, 3);
  ExpectRecords(*log, 4, 5);
}

TEST(RecordLog, ClearRemovesEverythingAndAcceptsAnyNextIndex) {
  TempDir dir;
  {
    auto log = OpenOk(dir.path(), SmallSegments());
    AppendRange(*log, 0, 80, 1);
    ASSERT_TRUE(log->Clear().ok());
    EXPECT_TRUE(log->empty());
    EXPECT_EQ(log->synced_index(), 0u);
    EXPECT_TRUE(SegmentFiles(dir.path()).empty());
    AppendRange(*log, 500, 510, 4);  // restarting after a snapshot at 499
  }
  auto log = OpenOk(dir.path(), SmallSegments());
  EXPECT_EQ(log->first_index(), 500u);
  ExpectRecords(*log, 500, 510);
}

TEST(RecordLog, CompactPrefixDeletesCoveredSegmentsDurably) {
  TempDir dir;
  uint64_t first;
  {
    auto log = OpenOk(dir.path(), SmallSegments());
    AppendRange(*log, 1, 100, 1);
    ASSERT_TRUE(log->CompactPrefix(60).ok());
    first = log->first_index();
    EXPECT_GT(first, 1u);
    EXPECT_LE(first, 61u);
    ExpectRecords(*log, first, 100);
  }
  auto log = OpenOk(dir.path(), SmallSegments());
  EXPECT_EQ(log->first_index(), first);
  EXPECT_EQ(log->last_index(), 100u);
  ExpectRecords(*log, first, 100);
  ASSERT_TRUE(log->CompactPrefix(1000).ok());  // the newest segment always stays
  EXPECT_EQ(SegmentFiles(dir.path()).size(), 1u);
  EXPECT_EQ(log->last_index(), 100u);
}

}  // namespace
}  // namespace zks::storage
