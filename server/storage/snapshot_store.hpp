// SnapshotStore: snapshots of the applied state, one file per snapshot,
// "snap.<index, 16 hex digits>", in a directory (other files there are ignored).
//
// Writing is streamed and atomic: Begin() opens "snap.<index>.tmp"; the writer appends the
// (possibly large) payload piece by piece while checksumming it; Commit() adds the trailer,
// fsyncs, renames the file into place and fsyncs the directory. A snapshot that was never
// committed (abandoned writer, crash) leaves only a temp file, which is never listed and is
// deleted by Open(). Once Commit() returns Ok the snapshot survives a crash.
//
// Reading verifies everything: header, trailer, sizes, that the header's index matches the
// file name, and the payload checksum. LoadNewest() returns the newest valid snapshot; a
// newest snapshot that fails verification is an error (Corruption naming the file) unless the
// caller allows falling back to an older one, in which case the damaged ones are reported.
//
// File: header (36 bytes): magic "ZKSSNAP1" | u32 version (1) | u32 reserved | u64 index |
//         u64 term | u32 crc32c of the preceding 32 bytes
//       payload
//       trailer (16 bytes): u64 payload size | u32 crc32c of payload | u32 crc32c of the
//         preceding 12 bytes
// Not thread-safe for writing two snapshots of the same index at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/storage/env.hpp"

namespace zks::storage {

struct SnapshotMeta {
  uint64_t index = 0;
  uint64_t term = 0;
  uint64_t payload_size = 0;
  std::string path;
};

class SnapshotWriter {
 public:
  ~SnapshotWriter();  // removes the temp file unless committed
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;

  Status Append(std::string_view data);
  // Makes the snapshot durable and visible. *meta, if given, describes it.
  Status Commit(SnapshotMeta* meta = nullptr);

 private:
  friend class SnapshotStore;
  SnapshotWriter(Env* env, std::string dir, std::string name, uint64_t index, uint64_t term);

  Env* env_;
  std::string dir_;
  std::string name_;
  std::unique_ptr<WritableFile> file_;
  SnapshotMeta meta_;
  uint32_t crc_ = 0;
  bool done_ = false;
  Status failed_;
};

class SnapshotStore {
 public:
  // Creates dir if needed and deletes leftover temp files of uncommitted snapshots.
  static Status Open(const std::string& dir, Env* env, std::unique_ptr<SnapshotStore>* store);

  Status Begin(uint64_t index, uint64_t term, std::unique_ptr<SnapshotWriter>* writer);
  // Begin + Append + Commit in one call.
  Status Write(uint64_t index, uint64_t term, std::string_view payload);

  // Committed snapshots by file name, newest first (not verified; see Verify/Load).
  Status List(std::vector<SnapshotMeta>* out);
  // Streams the payload of one snapshot to sink in pieces, verifying as it goes. The checksum
  // is only known at the end: on a non-Ok return the sink must discard what it received.
  Status Read(const std::string& path, const std::function<Status(std::string_view)>& sink,
              SnapshotMeta* meta);
  Status Load(const std::string& path, SnapshotMeta* meta, std::string* payload);
  // Loads the newest snapshot. NotFound when there is none. A damaged newest snapshot is an
  // error unless allow_fallback; then older ones are tried and each damaged one is added to
  // *skipped (if given).
  Status LoadNewest(bool allow_fallback, SnapshotMeta* meta, std::string* payload,
                    std::vector<Status>* skipped = nullptr);
  // Deletes all but the newest `retain` snapshots (at least 3 are always kept, like
  // ZooKeeper's autopurge.snapRetainCount). *oldest_kept gets the oldest retained snapshot's
  // index (0 when there is no snapshot).
  Status Purge(size_t retain, uint64_t* oldest_kept);

  const std::string& dir() const { return dir_; }

 private:
  SnapshotStore(std::string dir, Env* env) : dir_(std::move(dir)), env_(env) {}

  std::string dir_;
  Env* env_;
};

inline constexpr size_t kMinSnapshotRetainCount = 3;

}  // namespace zks::storage
