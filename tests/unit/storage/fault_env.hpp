// FaultEnv: the real POSIX Env with a hook consulted before every operation, so a test can
// make a chosen operation fail with a chosen errno (ENOSPC, EIO) while everything else really
// happens on disk. An injected Append failure first writes half the bytes, as a real short
// write on a full disk does.
//
// It also simulates a power failure: it tracks, for every file created or appended through
// it, how many bytes were made durable by Sync() and whether the file's directory entry was
// made durable by SyncDir() after creation. DropUnsyncedData() then does to the real files
// what a power cut may do: cuts each file back to its synced length and deletes files whose
// creation was never made durable. Renamed files leave the bookkeeping.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "server/storage/env.hpp"

namespace zks::storage::testing {

enum class Op {
  kCreate,
  kOpenAppend,
  kAppend,
  kSync,
  kRemove,
  kRename,
  kLink,
  kTruncate,
  kSyncDir
};

class FaultEnv final : public Env {
 public:
  // Returns the errno to inject for (op, path), or 0 to let the operation happen.
  using Hook = std::function<int(Op op, const std::string& path)>;
  Hook hook;
  // When false, Sync() and SyncDir() only do the bookkeeping, not the real fsync (tests that
  // simulate power loss need no real durability, only speed).
  bool real_sync = true;
  int count(Op op) const { return counts_[static_cast<int>(op)]; }

  Status NewWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) override;
  Status NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>* out) override;
  Status NewRandomAccessFile(const std::string& path,
                             std::unique_ptr<RandomAccessFile>* out) override {
    return base_->NewRandomAccessFile(path, out);
  }
  Status ReadFileToString(const std::string& path, std::string* out) override {
    return base_->ReadFileToString(path, out);
  }
  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    return base_->GetChildren(dir, names);
  }
  Status FileExists(const std::string& path) override { return base_->FileExists(path); }
  Status GetFileSize(const std::string& path, uint64_t* size) override {
    return base_->GetFileSize(path, size);
  }
  Status RemoveFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status LinkFile(const std::string& from, const std::string& to) override;
  Status TruncateFile(const std::string& path, uint64_t size) override;
  Status SyncDir(const std::string& dir) override;
  Status CreateDirs(const std::string& dir) override { return base_->CreateDirs(dir); }
  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    return base_->LockFile(path, lock);
  }

  // Consults the hook; returns the injected error, if any. Used by the file wrappers too.
  Status Check(Op op, const std::string& path);

  // Loses everything not made durable, as a power failure may (see above).
  void DropUnsyncedData();
  // Bookkeeping of the file wrappers.
  void Appended(const std::string& path, uint64_t n) { files_[path].size += n; }
  void Synced(const std::string& path) { files_[path].synced = files_[path].size; }

 private:
  struct Durability {
    uint64_t size = 0;    // bytes written
    uint64_t synced = 0;  // bytes made durable
    bool entry_durable = false;
  };

  Env* base_ = Env::Default();
  int counts_[9] = {};
  std::map<std::string, Durability> files_;
};

}  // namespace zks::storage::testing
