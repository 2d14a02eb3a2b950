// A POSIX ustar archive of regular files, built in memory by libarchive: the release upload
// streams one archive per release to the host's `tar -x` instead of one command per file.
// Only what that needs: flat names (no directories), a mode, the bytes; owner 0 and mtime 0,
// so equal inputs give equal archives.
#pragma once

#include <string>
#include <string_view>

struct archive;

namespace zkd {

class UstarWriter {
 public:
  UstarWriter();
  ~UstarWriter();
  UstarWriter(const UstarWriter&) = delete;
  UstarWriter& operator=(const UstarWriter&) = delete;

  // Throws std::invalid_argument when `name` is empty, longer than 99 bytes or holds a '/',
  // std::runtime_error when libarchive fails.
  void add(std::string_view name, unsigned mode, std::string_view bytes);
  // The archive with its end-of-archive blocks; the writer is left empty.
  std::string finish();

 private:
  void open();

  ::archive* archive_ = nullptr;
  std::string bytes_;
};

}  // namespace zkd
