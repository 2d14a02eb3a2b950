// Parsing of the human units an inventory uses: durations ("10s", "1m30s", "250ms") become
// milliseconds, sizes ("512MiB", "4096") become bytes. Errors say what was expected.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace zkd {

template <typename T>
struct Parsed {
  T value{};
  std::string error;  // empty when the text parsed
  bool ok() const { return error.empty(); }
};

// One or more <number><unit> parts, unit one of ms, s, m, h, d; at least 0 ms, at most a year.
Parsed<std::chrono::milliseconds> parse_duration(std::string_view text);

// <number>[unit], unit one of B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB (K, M, G, T are
// binary; KB, MB, GB, TB decimal). A bare number is bytes.
Parsed<std::uint64_t> parse_size(std::string_view text);

// Shortest exact form: 90000 ms -> "1m30s", 250 ms -> "250ms".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace zkd
