// A local cache of file digests, so that `plan` does not re-read a large artifact (a
// directory of jars is tens of megabytes) on every run. An entry is trusted while the file's
// canonical path, size, modification time (ns) and inode are unchanged, the test make and
// rsync rely on. Stored as one "sha256 size mtime_ns inode path" line per file, written
// atomically (temporary file + rename); a missing or unreadable cache is simply rebuilt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace zkd {

class DigestCache {
 public:
  // An empty path disables persistence (every digest is computed).
  explicit DigestCache(std::filesystem::path file);

  // The default location: $XDG_CACHE_HOME/zkdeploy/digests, else ~/.cache/zkdeploy/digests;
  // empty when neither variable is set.
  static std::filesystem::path default_path();

  // SHA-256 and size of `path` (symlinks followed), from the cache when still valid.
  std::string sha256(const std::filesystem::path& path, uint64_t& size);

  // Writes the cache back if it changed; failures are ignored (it is only a cache).
  void save() const;

 private:
  struct Entry {
    std::string sha256;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    uint64_t inode = 0;
  };
  std::filesystem::path file_;
  std::map<std::string, Entry> entries_;  // by canonical path
  bool dirty_ = false;
};

}  // namespace zkd
