// What the inventory knows about zoo.cfg keys: their value types, how an inventory value is
// converted to the text written in zoo.cfg, and which keys the orchestrator owns. Keys it does
// not know pass through unchanged (ZooKeeper accepts unknown keys), with a warning when they
// look like a misspelt known key.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "orchestrator/inventory/units.hpp"

namespace zkd {

enum class ConfigType {
  text,          // any single-line value
  integer,       // 0..2147483647
  port,          // 1..65535
  milliseconds,  // an integer (ms) or a duration such as 2s
  bytes,         // an integer (bytes) or a size such as 4MiB
  kilobytes,     // an integer (KiB) or a size such as 64MiB, written in KiB
  boolean,       // true | false
  remote_path,   // an absolute remote path
  address,       // a host name or IP address
  word_list,     // a list or comma-separated string of words
};

ConfigType config_type(std::string_view key);
std::span<const std::string_view> known_config_keys();

// Why the orchestrator refuses `key` in an inventory's config (it writes or derives it
// itself), or an empty string.
std::string reserved_config_key_reason(std::string_view key);

// Converts one scalar to its zoo.cfg text. Error messages never repeat the value (it may be
// a secret).
Parsed<std::string> convert_config_value(ConfigType type, std::string_view text);

// admin.serverPort when unset and admin.enableServer=true: Apache ZooKeeper's default.
inline constexpr int kDefaultAdminPort = 8080;

// The admin words the orchestrator's probes need; always added to 4lw.commands.whitelist.
std::span<const std::string_view> required_four_letter_words();

}  // namespace zkd
