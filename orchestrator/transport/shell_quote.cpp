#include "orchestrator/transport/shell_quote.hpp"

#include <charconv>
#include <stdexcept>

namespace zkd {

std::string shell_quote_word(std::string_view arg) {
  if (arg.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("command argument contains a NUL byte");
  }
  std::string out;
  out.reserve(arg.size() + 2);
  out += '\'';
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";  // close the quote, an escaped quote, reopen
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string shell_quote(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::invalid_argument("empty command");
  std::string line;
  for (const auto& arg : argv) {
    if (!line.empty()) line += ' ';
    line += shell_quote_word(arg);
  }
  return line;
}

namespace {

std::string quoted_words(const std::vector<std::string>& argv, size_t begin, size_t end) {
  std::string line;
  for (size_t i = begin; i < end; ++i) {
    if (!line.empty()) line += ' ';
    line += shell_quote_word(argv[i]);
  }
  return line;
}

// argv[begin, end): `sh -c SCRIPT NAME ARGS...` is NAME ARGS...; exec_then's NAME is
// kChainedCommandName with the first command's word count as its first argument.
std::string describe_words(const std::vector<std::string>& argv, size_t begin, size_t end) {
  if (end - begin < 4 || argv[begin] != "sh" || argv[begin + 1] != "-c") {
    return quoted_words(argv, begin, end);
  }
  const std::string& name = argv[begin + 3];
  if (name == kChainedCommandName && end - begin > 4) {
    const std::string& count = argv[begin + 4];
    size_t k = 0;
    const auto [rest, ec] = std::from_chars(count.data(), count.data() + count.size(), k);
    const size_t first = begin + 5;
    if (ec == std::errc() && rest == count.data() + count.size() && k <= end - first) {
      if (first + k == end) return describe_words(argv, first, end);
      return describe_words(argv, first, first + k) + ", then " +
             describe_words(argv, first + k, end);
    }
  }
  const std::string args = quoted_words(argv, begin + 4, end);
  return args.empty() ? name : name + " " + args;
}

}  // namespace

std::string describe_command(const std::vector<std::string>& argv) {
  constexpr size_t kMax = 200;
  std::string text = describe_words(argv, 0, argv.size());
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

}  // namespace zkd
