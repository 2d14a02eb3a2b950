// SHA-256 digests (OpenSSL), in the lowercase hex form used everywhere zkdeploy compares
// content: release ids, managed-file drift, and verification of uploads on the host.
#pragma once

#include <string>
#include <string_view>

namespace zkd {

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace zkd
