// The naming of releases by digest: the remote layout keeps
// each release in <install_root>/<cluster>/releases/<release id>/, where the release id is
// the first kReleaseIdLength hex digits of the artifact's SHA-256.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "orchestrator/util/sha256.hpp"

namespace zkd {

inline constexpr size_t kReleaseIdLength = 12;

// The release id of an artifact with this hex digest.
std::string release_id(std::string_view sha256);

// <install_root>/<cluster>/releases/<release id>
std::string release_dir(std::string_view install_root, std::string_view cluster,
                        std::string_view id);

}  // namespace zkd
