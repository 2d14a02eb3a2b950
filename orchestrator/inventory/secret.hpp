// The one rule that decides whether a configuration key holds a secret. Secret values are
// written into files on the hosts but never printed (see render/redact.hpp).
#pragma once

#include <string_view>

namespace zkd {

// True when the key's name contains "password" or "secret" (case-insensitive). A setting
// written as `{ value: X, secret: true }` is secret whatever its name.
bool is_secret_key(std::string_view key);

inline constexpr std::string_view kRedacted = "<redacted>";

}  // namespace zkd
