// Env: the file-system operations storage performs, behind one interface (the LevelDB idea) so
// tests can wrap the real implementation and inject ENOSPC or EIO at a chosen operation.
// Env::Default() is the POSIX implementation; it is thread-safe and lives forever.
// Every failure is returned as a Status naming the operation and the path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/storage/status.hpp"

namespace zks::storage {

// A file written sequentially. Append() hands the bytes to the kernel (no user-space
// buffering: callers batch); Sync() makes them durable (fdatasync).
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  virtual Status Sync() = 0;
  virtual Status Close() = 0;
};

// A file read at arbitrary offsets.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to n bytes at offset into *out (fewer only at end of file).
  virtual Status Read(uint64_t offset, size_t n, std::string* out) const = 0;
};

// An exclusive advisory lock on a file (flock), released when the object is destroyed or the
// process dies.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class Env {
 public:
  virtual ~Env() = default;
  static Env* Default();

  // Creates path (truncating any existing file) for writing from offset 0.
  virtual Status NewWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) = 0;
  // Opens an existing file for writing after its current end.
  virtual Status NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>* out) = 0;
  virtual Status NewRandomAccessFile(const std::string& path,
                                     std::unique_ptr<RandomAccessFile>* out) = 0;
  virtual Status ReadFileToString(const std::string& path, std::string* out) = 0;
  // Names (not paths) of the entries of dir, without "." and "..".
  virtual Status GetChildren(const std::string& dir, std::vector<std::string>* names) = 0;
  virtual Status FileExists(const std::string& path) = 0;  // Ok or NotFound
  virtual Status GetFileSize(const std::string& path, uint64_t* size) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Creates `to` as a second name of `from`; fails with AlreadyExists if `to` exists.
  virtual Status LinkFile(const std::string& from, const std::string& to) = 0;
  // Shortens path to size bytes and makes the new length durable.
  virtual Status TruncateFile(const std::string& path, uint64_t size) = 0;
  // Makes the directory's entries (creations, renames, removals) durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  // Creates dir and any missing parents; Ok if it already exists.
  virtual Status CreateDirs(const std::string& dir) = 0;
  // Creates path if needed and locks it; fails at once if another holder has it.
  virtual Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;
};

// Joins a directory and a file name.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace zks::storage
