// Small helpers for reading the line-oriented text that ZooKeeper's admin
// words print: line splitting (LF or CRLF), trimming, and strict number parsing. Every
// parser returns nullopt instead of throwing, so malformed input can never crash a caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zkd {

// Lines of `text` without their terminators; a trailing terminator adds no empty line.
std::vector<std::string_view> split_lines(std::string_view text);

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view text);

// The whole of `text` as a signed decimal integer; nullopt on anything else.
std::optional<int64_t> parse_int(std::string_view text);

// The whole of `text` as a "0x"-prefixed hexadecimal unsigned 64-bit number.
std::optional<uint64_t> parse_hex(std::string_view text);

// `value` as parse_hex reads it: "0x" and lowercase hex digits (how ZooKeeper prints zxids).
std::string to_hex(uint64_t value);

// The whole of `text` as a decimal floating-point number (Java's "2.0E-4" included).
std::optional<double> parse_double(std::string_view text);

}  // namespace zkd
