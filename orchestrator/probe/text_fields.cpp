#include "orchestrator/probe/text_fields.hpp"

#include <charconv>

namespace zkd {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

namespace {

template <class T, class... Args>
std::optional<T> parse_whole(std::string_view text, Args... args) {
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, args...);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<int64_t> parse_int(std::string_view text) {
  return parse_whole<int64_t>(text, 10);
}

std::optional<uint64_t> parse_hex(std::string_view text) {
  if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return std::nullopt;
  return parse_whole<uint64_t>(text.substr(2), 16);
}

std::string to_hex(uint64_t value) {
  char text[24];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value, 16);
  return "0x" + std::string(text, end);
}

std::optional<double> parse_double(std::string_view text) {
  return parse_whole<double>(text, std::chars_format::general);
}

}  // namespace zkd
