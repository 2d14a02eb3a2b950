// SHA-256 of managed content, and the naming of releases by digest: the remote layout keeps
// each release in <install_root>/<cluster>/releases/<release id>/, where the release id is
// the first kReleaseIdLength hex digits of the artifact's SHA-256.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zkd {

inline constexpr size_t kReleaseIdLength = 12;

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// The release id of an artifact with this hex digest.
std::string release_id(std::string_view sha256);

// <install_root>/<cluster>/releases/<release id>
std::string release_dir(std::string_view install_root, std::string_view cluster,
                        std::string_view id);

}  // namespace zkd
