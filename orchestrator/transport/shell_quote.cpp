#include "orchestrator/transport/shell_quote.hpp"

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

}  // namespace zkd
