#include "orchestrator/inventory/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace zkd {

std::string_view severity_name(Severity s) {
  return s == Severity::error ? "error" : "warning";
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
  }
  out += ": ";
  out += severity_name(d.severity);
  out += ": ";
  if (!d.key.empty()) out += d.key + ": ";
  out += d.message;
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
