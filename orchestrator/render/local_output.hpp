// Writes rendered files under a local directory, mirroring the remote layout:
// DIR/<host>/<absolute remote path>. Each file is written atomically (a temporary file in the
// same directory, then rename) with the file's mode.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "orchestrator/render/renderer.hpp"

namespace zkd {

// The local paths written, in order. Throws std::filesystem::filesystem_error on failure.
std::vector<std::filesystem::path> write_rendered_host(const RenderedHost& host,
                                                       const std::filesystem::path& dir);

void write_file_atomically(const std::filesystem::path& path, const std::string& content,
                           unsigned mode);

}  // namespace zkd
