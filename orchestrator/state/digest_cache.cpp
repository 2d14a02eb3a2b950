#include "orchestrator/state/digest_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "orchestrator/state/artifact_digest.hpp"

namespace zkd {
namespace fs = std::filesystem;

DigestCache::DigestCache(fs::path file) : file_(std::move(file)) {
  if (file_.empty()) return;
  std::ifstream in(file_);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    Entry e;
    std::string path;
    if (fields >> e.sha256 >> e.size >> e.mtime_ns >> e.inode && fields.get() == ' ' &&
        std::getline(fields, path) && e.sha256.size() == 64) {
      entries_[path] = e;
    }
  }
}

fs::path DigestCache::default_path() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return fs::path(xdg) / "zkdeploy/digests";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path(home) / ".cache/zkdeploy/digests";
  }
  return {};
}

std::string DigestCache::sha256(const fs::path& path, uint64_t& size) {
  struct stat st {};
  std::error_code ec;
  const fs::path real = fs::canonical(path, ec);
  if (ec || ::stat(real.c_str(), &st) != 0) return sha256_file(path, &size);
  const int64_t mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
  const auto it = entries_.find(real.string());
  if (it != entries_.end() && it->second.size == static_cast<uint64_t>(st.st_size) &&
      it->second.mtime_ns == mtime_ns && it->second.inode == st.st_ino) {
    size = it->second.size;
    return it->second.sha256;
  }
  Entry e{sha256_file(real, &size), 0, mtime_ns, st.st_ino};
  e.size = size;
  entries_[real.string()] = e;
  dirty_ = true;
  return e.sha256;
}

void DigestCache::save() const {
  if (!dirty_ || file_.empty()) return;
  std::error_code ec;
  fs::create_directories(file_.parent_path(), ec);
  const fs::path tmp = file_.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const auto& [path, e] : entries_) {
      if (path.find('\n') != std::string::npos) continue;
      out << e.sha256 << ' ' << e.size << ' ' << e.mtime_ns << ' ' << e.inode << ' ' << path
          << '\n';
    }
    if (!out) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, file_, ec);
  if (ec) fs::remove(tmp, ec);
}

}  // namespace zkd
