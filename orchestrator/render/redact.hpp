// Redaction of key=value files (zoo.cfg) for display: the value of every secret key is
// replaced by <redacted>. Used for everything printed, whether rendered (desired) or read
// back from a host (observed).
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace zkd {

// Returns `content` with the value of each line `key=value` replaced by <redacted> when the
// key is in `secret_keys` or is_secret_key(key) holds. Comments and other lines are kept.
std::string redact_key_values(std::string_view content, const std::set<std::string>& secret_keys);

}  // namespace zkd
