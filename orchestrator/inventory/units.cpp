#include "orchestrator/inventory/units.hpp"

#include <array>
#include <cctype>
#include <limits>
#include <utility>

namespace zkd {
namespace {

// Reads the leading digits of `text` into `out`; false on no digits or overflow.
bool take_number(std::string_view& text, std::uint64_t& out) {
  size_t i = 0;
  out = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
    if (out > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
    out = out * 10 + digit;
    ++i;
  }
  if (i == 0) return false;
  text.remove_prefix(i);
  return true;
}

std::string_view take_unit(std::string_view& text) {
  size_t i = 0;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
  std::string_view unit = text.substr(0, i);
  text.remove_prefix(i);
  return unit;
}

constexpr std::array<std::pair<std::string_view, std::uint64_t>, 5> kDurationUnits{
    {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};

constexpr std::array<std::pair<std::string_view, std::uint64_t>, 13> kSizeUnits{{
    {"B", 1},
    {"K", 1ULL << 10},
    {"KiB", 1ULL << 10},
    {"KB", 1000},
    {"M", 1ULL << 20},
    {"MiB", 1ULL << 20},
    {"MB", 1000'000},
    {"G", 1ULL << 30},
    {"GiB", 1ULL << 30},
    {"GB", 1000'000'000},
    {"T", 1ULL << 40},
    {"TiB", 1ULL << 40},
    {"TB", 1000'000'000'000},
}};

template <size_t N>
const std::uint64_t* find_unit(const std::array<std::pair<std::string_view, std::uint64_t>, N>& t,
                               std::string_view unit) {
  for (const auto& [name, factor] : t) {
    if (name == unit) return &factor;
  }
  return nullptr;
}

constexpr std::uint64_t kMaxDurationMs = 366ULL * 86'400'000;

}  // namespace

Parsed<std::chrono::milliseconds> parse_duration(std::string_view text) {
  const std::string expected = "expected a duration such as 500ms, 10s, 5m, 1h or 1m30s";
  if (text.empty()) return {{}, "empty duration; " + expected};
  std::uint64_t total = 0;
  while (!text.empty()) {
    std::uint64_t n = 0;
    if (!take_number(text, n)) return {{}, "not a duration; " + expected};
    const std::string_view unit = take_unit(text);
    if (unit.empty()) return {{}, "duration needs a unit; " + expected};
    const std::uint64_t* factor = find_unit(kDurationUnits, unit);
    if (factor == nullptr) {
      return {{}, "unknown duration unit '" + std::string(unit) + "'; " + expected};
    }
    if (n > kMaxDurationMs / *factor || total + n * *factor > kMaxDurationMs) {
      return {{}, "duration too long (at most 366d)"};
    }
    total += n * *factor;
  }
  return {std::chrono::milliseconds(static_cast<std::int64_t>(total)), {}};
}

Parsed<std::uint64_t> parse_size(std::string_view text) {
  const std::string expected = "expected a size such as 4096, 512KiB, 64MiB or 1GiB";
  std::uint64_t n = 0;
  if (!take_number(text, n)) return {0, "not a size; " + expected};
  const std::string_view unit = take_unit(text);
  if (!text.empty()) return {0, "not a size; " + expected};
  std::uint64_t factor = 1;
  if (!unit.empty()) {
    const std::uint64_t* f = find_unit(kSizeUnits, unit);
    if (f == nullptr) return {0, "unknown size unit '" + std::string(unit) + "'; " + expected};
    factor = *f;
  }
  if (n > std::numeric_limits<std::uint64_t>::max() / factor) return {0, "size too large"};
  return {n * factor, {}};
}

std::string format_duration(std::chrono::milliseconds d) {
  std::uint64_t ms = static_cast<std::uint64_t>(d.count());
  if (ms == 0) return "0s";
  std::string out;
  for (auto it = kDurationUnits.rbegin(); it != kDurationUnits.rend(); ++it) {
    if (ms >= it->second) {
      out += std::to_string(ms / it->second) + std::string(it->first);
      ms %= it->second;
    }
  }
  return out;
}

}  // namespace zkd
