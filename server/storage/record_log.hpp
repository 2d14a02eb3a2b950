// RecordLog: an append-only, checksummed, segmented log of records on disk.
//
// Each record carries a strictly increasing 64-bit index (gaps allowed: the standalone
// server uses zxids), a 64-bit term (or tag) and an opaque payload. Records live in segment
// files "log.<first index, 16 hex digits>" in one directory (other files there are ignored);
// a new segment starts when the active one would exceed LogOptions::segment_bytes. The file
// format is described in segment_format.hpp.
//
// Durability: Append() only buffers. Sync() writes everything appended since the last Sync()
// and makes it durable with one fdatasync (group commit: append many, sync once); a record is
// acknowledged only after the Sync() that follows it returns Ok. A new segment's directory
// entry is made durable before it holds acknowledged records. With force_sync off (zoo.cfg
// forceSync=no) Sync() hands the bytes to the kernel without fsync.
//
// Open() validates every record's checksums. A partial record at the very end of the newest
// segment (a write interrupted by a crash, never acknowledged) is truncated away and described
// in LogOpenReport. Any other damage -- a bad checksum in a complete record, a damaged frame,
// an incomplete older segment, indices out of order -- fails Open() with a Corruption status
// naming the file and offset; nothing is silently dropped.
//
// Errors: any failed write, sync, truncation or removal is returned and makes the log refuse
// every further mutation (and reads) with that same error until it is reopened, so memory and
// disk never silently diverge (after a failed fsync the kernel may have dropped the pages).
// A RecordLog is not thread-safe; callers serialise access. Appends not followed by a
// successful Sync() are lost when the object is destroyed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/storage/env.hpp"
#include "server/storage/status.hpp"

namespace zks::storage {

struct LogOptions {
  Env* env = Env::Default();
  uint64_t segment_bytes = 64ull << 20;
  bool force_sync = true;
  uint32_t max_payload_bytes = 64u << 20;
  // Appended bytes are handed to the kernel once this much is buffered, or at Sync().
  size_t write_buffer_bytes = 1u << 20;
};

// What Open() found and repaired.
struct LogOpenReport {
  size_t segments = 0;
  uint64_t records = 0;
  bool torn_tail = false;  // an unacknowledged partial tail was cut off
  std::string torn_file;
  uint64_t torn_offset = 0;  // where the cut was made in torn_file
  uint64_t torn_bytes = 0;   // bytes discarded
  std::string torn_reason;
  std::string ToString() const;
};

struct Record {
  uint64_t index = 0;
  uint64_t term = 0;
  std::string payload;
};

class RecordLog {
 public:
  // Opens (creating if needed) the log in dir. *report, if given, says what was found.
  static Status Open(const std::string& dir, const LogOptions& options,
                     std::unique_ptr<RecordLog>* log, LogOpenReport* report = nullptr);
  ~RecordLog();
  RecordLog(const RecordLog&) = delete;
  RecordLog& operator=(const RecordLog&) = delete;

  // Buffers a record. index must exceed last_index() (InvalidArgument otherwise, which does
  // not poison the log). May write out the buffer or start a new segment, hence may fail.
  Status Append(uint64_t index, uint64_t term, std::string_view payload);
  // Makes every appended record durable. One fdatasync however many records.
  Status Sync();

  bool empty() const;
  uint64_t first_index() const;                            // 0 when empty
  uint64_t last_index() const;                             // 0 when empty
  uint64_t last_term() const;                              // 0 when empty
  uint64_t synced_index() const { return synced_index_; }  // last index made durable
  std::optional<uint64_t> TermAt(uint64_t index) const;

  // Appends to *out the records with from <= index <= to, in order, stopping early once
  // max_bytes of payload are collected (at least one record is always returned). Re-verifies
  // checksums: damage since Open() is reported as Corruption.
  Status Read(uint64_t from, uint64_t to, std::vector<Record>* out, size_t max_bytes = SIZE_MAX);

  // Durably removes every record with index > after_index (Raft's conflicting suffix). A
  // crash part-way leaves a prefix of the log as it was before the call.
  Status TruncateSuffix(uint64_t after_index);
  // Durably removes every record (InstallSnapshot with a log that does not match the
  // snapshot); the next Append() may use any index.
  Status Clear();
  // Durably deletes whole segments whose records all have index <= up_to_index (covered by a
  // snapshot). The newest segment is kept, so first_index() may stay <= up_to_index.
  Status CompactPrefix(uint64_t up_to_index);

  // Ok, or the error that stopped the log.
  const Status& status() const { return failed_; }
  const std::string& dir() const { return dir_; }

 private:
  struct Entry {
    uint64_t index;
    uint64_t term;
    uint64_t offset;
    uint32_t payload_size;
  };
  struct Segment {
    std::string path;
    uint64_t first_index = 0;
    uint64_t bytes = 0;  // including buffered, unwritten bytes
    std::vector<Entry> entries;
    std::unique_ptr<RandomAccessFile> reader;  // opened on first read
  };

  RecordLog(std::string dir, const LogOptions& options);
  Status Load(LogOpenReport* report);
  Status LoadSegment(const std::string& name, uint64_t name_index, bool newest,
                     LogOpenReport* report, bool* dir_changed);
  Status StartSegment(uint64_t first_index);
  Status RemoveSuffix(uint64_t after_index, bool everything);
  Status FlushBuffer();
  Status Fail(Status s);
  const Entry* Find(uint64_t index, const Segment** segment) const;
  Status ReadEntry(Segment& segment, const Entry& e, Record* out);

  std::string dir_;
  LogOptions options_;
  std::vector<Segment> segments_;
  std::unique_ptr<WritableFile> active_;  // writes to segments_.back()
  std::string buffer_;                    // appended bytes not yet handed to active_
  uint64_t synced_index_ = 0;
  Status failed_;
};

}  // namespace zks::storage
