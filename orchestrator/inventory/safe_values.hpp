// Checks that inventory values are safe to place in a remote shell command, a path or a
// zoo.cfg line. Each check returns the reason a value is refused, or an empty string.
// The orchestrator quotes what it sends as well; these checks make unsafe inventories fail
// early with a clear message instead of relying on quoting alone.
#pragma once

#include <string>
#include <string_view>

namespace zkd {

// Cluster and host names: [A-Za-z0-9][A-Za-z0-9._-]*, at most 64 characters.
std::string check_name(std::string_view name);

// A DNS host name, an IPv4 literal or an IPv6 literal (without brackets).
std::string check_address(std::string_view address);
bool is_ipv6_literal(std::string_view address);

// An absolute remote path: starts with '/', no '..' component, characters from
// [A-Za-z0-9._/+@-] only, at most 4096 characters.
std::string check_remote_path(std::string_view path);

// A POSIX portable user name: [A-Za-z_][A-Za-z0-9._-]*, at most 32 characters.
std::string check_user(std::string_view user);

// A zoo.cfg key: [A-Za-z0-9._-]+.
std::string check_config_key(std::string_view key);

// A zoo.cfg value: one line (no CR, LF or NUL) and no backslash (Java properties escapes).
std::string check_config_value(std::string_view value);

}  // namespace zkd
