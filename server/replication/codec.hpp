// Byte encoding of Raft messages for the network shell, and of configurations for
// configuration entries. Little-endian fixed-width integers behind a version byte.
// Decoding accepts any input: malformed, truncated or oversized bytes yield nothing and an
// explanation, never a crash or an allocation larger than the input justifies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/replication/types.hpp"

namespace zks::raft {

inline constexpr std::uint8_t kCodecVersion = 1;
// A configuration followed by the shell's opaque context (ConfChange::context).
inline constexpr std::uint8_t kConfContextVersion = 2;

std::string encode_message(const Message& message);
std::optional<Message> decode_message(std::string_view bytes, std::string* error = nullptr);

// A configuration entry's data: the complete configuration and, when not empty, the context
// the shell attached to the change (version 2; without context the version 1 encoding).
struct ConfEntry {
  ConfState conf;
  std::string context;
};
std::string encode_conf_state(const ConfState& conf, std::string_view context = {});
std::optional<ConfEntry> decode_conf_entry(std::string_view bytes, std::string* error = nullptr);
std::optional<ConfState> decode_conf_state(std::string_view bytes, std::string* error = nullptr);

}  // namespace zks::raft
