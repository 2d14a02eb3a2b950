// Diagnostics: one problem found in an inventory, with where it is and which key it concerns.
// Every check reports through Diagnostic so the CLI prints all problems of a file at once, in
// one format: `file:line:col: error: key: message`.
#pragma once

#include <string>
#include <vector>

namespace zkd {

enum class Severity { warning, error };

// A position in a source file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;  // dotted path of the key concerned, e.g. clusters.east.hosts[0].myid
  std::string message;
};

std::string_view severity_name(Severity s);

// `file:line:col: error: key: message`; the position and key parts are left out when unknown.
std::string format_diagnostic(const Diagnostic& d);

bool has_errors(const std::vector<Diagnostic>& diagnostics);
size_t count_severity(const std::vector<Diagnostic>& diagnostics, Severity s);

// Orders diagnostics by file position and drops exact repeats (one bad default value seen by
// many hosts is one problem).
void sort_and_dedupe(std::vector<Diagnostic>& diagnostics);

}  // namespace zkd
