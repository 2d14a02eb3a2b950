// The gather step's one remote command per host, and the parser of what it prints.
//
// gather_argv() builds `sh -c SCRIPT zkdeploy-gather CLUSTER_ROOT RELEASE PATH...`: the fixed
// script never has a path spliced into its text; the cluster root, the desired release id
// and the managed file paths travel as positional arguments (quoted by the transport). The script
// reads only; it writes nothing on the host, and starts few processes (shell builtins where they
// suffice). It prints one record per line; a VALUE taken from the host is `=TEXT` when TEXT holds
// only [A-Za-z0-9._/+-], else its bytes in hex (od: any number of space-separated words); file
// contents come raw in one length-counted block, so bytes of any kind (NUL, newlines,
// non-UTF-8) cannot break the framing:
//   zkdeploy-gather 3
//   file I -                      managed path I (0-based) is missing or not a readable file
//   file I MODE raw SIZE          its octal mode and size; its bytes are in the data block
//                                 (files up to kMaxGatheredBytes), in index order
//   file I MODE big SIZE SHA256   a larger file: only its digest
//   lock raw SIZE | lock big SIZE | lock -    .zkdeploy/lock; a raw lock's bytes (the holder)
//                                 follow the files' in the data block (up to kMaxLockBytes)
//   current VALUE | current -     the name of the release directory the `current` symlink
//                                 resolves to; the link's text when it resolves to none
//   release VALUE                 one entry of releases/ (a directory), any number of times
//   pid N alive|dead | pid bad | pid none     run/zkserver.pid and whether N is a live process
//   free BLOCKS BLOCK_SIZE | free             free disk at the cluster root (or its nearest
//                                 parent), when it can be read and releases/RELEASE is
//                                 missing (only an upload needs it) or RELEASE is empty
//   data TOTAL                    then exactly TOTAL bytes and a newline (when any are raw)
//   end
// A managed file that disappears while it is read fails the command (exit 75, named); one
// whose size changes between stat and read breaks the data block's count and is rejected.
// parse_host_report() rejects anything else with a message naming the line, so a truncated
// or foreign output never passes for an empty host.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zkd {

inline constexpr uint64_t kMaxGatheredBytes = 1 << 20;
inline constexpr uint64_t kMaxLockBytes = 4096;

struct ReportedFile {
  bool exists = false;
  unsigned mode = 0;
  std::optional<std::string> content;  // the bytes, when not larger than kMaxGatheredBytes
  std::string sha256;                  // lowercase hex (computed locally for content)
  uint64_t size = 0;
};

struct HostReport {
  std::vector<ReportedFile> files;            // one per managed path, in argv order
  std::optional<std::string> current_target;  // what `current` names (see the format above)
  std::vector<std::string> releases;          // names under releases/
  std::optional<int64_t> pid;                 // from the pid file, when it holds a number
  bool pid_alive = false;                     // that process exists and is not a zombie
  bool pid_file_bad = false;                  // a pid file that holds no number
  std::optional<uint64_t> free_bytes;
  std::optional<std::string> lock_holder;
};

std::vector<std::string> gather_argv(const std::string& cluster_root, const std::string& release,
                                     const std::vector<std::string>& paths);

// Throws std::runtime_error naming the offending line when `out` is not a complete report
// for `file_count` managed paths.
HostReport parse_host_report(std::string_view out, size_t file_count);

// The release id a `current` value names: its last path component.
std::string release_of_link(std::string_view target);

}  // namespace zkd
