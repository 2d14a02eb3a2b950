// File operations on a host, built on Transport::exec with fixed sh scripts whose operands
// are passed as quoted arguments (never spliced into the script text).
// write_file_atomic() writes one file the way zkdeploy writes every file on a host (staging,
// apply/stage_host.hpp, does the same for all of a host's files in its one command): the
// bytes go to a temporary name in the target directory, are fsynced, their sha256 is
// verified on the host, the mode is set, and only then is the file renamed over the final
// name. An interrupted or corrupted upload never leaves a partial file under the final name.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/transport/transport.hpp"

namespace zkd {

struct WriteOptions {
  uint32_t mode = 0644;
  std::function<void(uint64_t)> on_progress;  // bytes sent so far
};

void write_file_atomic(Transport& t, const std::string& path, std::string_view content,
                       const WriteOptions& options = {});

// The file's bytes; throws TransportError (naming host and path) if it cannot be read.
std::string read_file(Transport& t, const std::string& path);

// Lowercase hex sha256 of a regular file, or nullopt when there is no such file.
std::optional<std::string> remote_sha256(Transport& t, const std::string& path);

struct RemoteStat {
  enum class Kind { missing, file, directory, symlink, other };
  Kind kind = Kind::missing;
  uint64_t size = 0;
  uint32_t mode = 0;        // permission bits
  std::string link_target;  // for symlinks
};

// Information about path itself (a symlink is reported as a symlink, not followed).
RemoteStat remote_stat(Transport& t, const std::string& path);

// mkdir -p; the last component gets `mode`.
void make_dirs(Transport& t, const std::string& path, uint32_t mode = 0755);

}  // namespace zkd
