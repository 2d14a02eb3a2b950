// Writing a file on a host, built on Transport::exec with a fixed sh script whose operands
// are passed as quoted arguments (never spliced into the script text).
// write_file_atomic() writes one file the way zkdeploy writes every file on a host (staging,
// apply/stage_host.hpp, does the same for all of a host's files in its one command): the
// bytes go to a temporary name in the target directory, are fsynced, their sha256 is
// verified on the host, the mode is set, and only then is the file renamed over the final
// name. An interrupted or corrupted upload never leaves a partial file under the final name.
#pragma once

#include <cstdint>
#include <functional>
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

}  // namespace zkd
