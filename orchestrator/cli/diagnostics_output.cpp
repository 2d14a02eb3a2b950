#include "orchestrator/cli/diagnostics_output.hpp"

#include <unistd.h>

#include <cstdlib>

namespace zkd {

bool use_color(const GlobalOptions& options, int fd) {
  return !options.no_color && std::getenv("NO_COLOR") == nullptr && isatty(fd) == 1;
}

void print_diagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics, bool color) {
  for (const Diagnostic& d : diagnostics) {
    std::string line = format_diagnostic(d);
    if (color) {
      const std::string label = std::string(severity_name(d.severity)) + ":";
      const char* paint = d.severity == Severity::error ? "\033[1;31m" : "\033[1;33m";
      const size_t at = line.find(" " + label);
      if (at != std::string::npos) line.replace(at + 1, label.size(), paint + label + "\033[0m");
    }
    out << line << '\n';
  }
}

nlohmann::json diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) {
    list.push_back({{"severity", severity_name(d.severity)},
                    {"file", d.file},
                    {"line", d.line},
                    {"column", d.column},
                    {"key", d.key},
                    {"message", d.message}});
  }
  return list;
}

}  // namespace zkd
