#include "orchestrator/inventory/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace zkd {

std::string_view severity_name(Severity s) {
  return s == Severity::error ? "error" : "warning";
}

namespace {

// Values quoted in messages may hold control characters; a diagnostic stays one line.
std::string escape_controls(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = escape_controls(d.file);
  if (d.line > 0) {
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
  }
  out += ": ";
  out += severity_name(d.severity);
  out += ": ";
  if (!d.key.empty()) out += escape_controls(d.key) + ": ";
  out += escape_controls(d.message);
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return count_severity(diagnostics, Severity::error) > 0;
}

size_t count_severity(const std::vector<Diagnostic>& diagnostics, Severity s) {
  return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                           [s](const Diagnostic& d) { return d.severity == s; }));
}

void sort_and_dedupe(std::vector<Diagnostic>& diagnostics) {
  auto as_tuple = [](const Diagnostic& d) {
    return std::tie(d.file, d.line, d.column, d.severity, d.key, d.message);
  };
  std::sort(diagnostics.begin(), diagnostics.end(),
            [&](const Diagnostic& a, const Diagnostic& b) { return as_tuple(a) < as_tuple(b); });
  auto last = std::unique(
      diagnostics.begin(), diagnostics.end(),
      [&](const Diagnostic& a, const Diagnostic& b) { return as_tuple(a) == as_tuple(b); });
  diagnostics.erase(last, diagnostics.end());
}

}  // namespace zkd
