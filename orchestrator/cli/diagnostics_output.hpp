// Printing of diagnostics for people (one `file:line:col: error: key: message` line each,
// coloured on a terminal) and for pipelines (JSON). Shared by every command that loads an
// inventory.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/inventory/diagnostic.hpp"

namespace zkd {

// Whether to colour output written to `fd`: not with --no-color, NO_COLOR set, or no terminal.
bool use_color(const GlobalOptions& options, int fd);

void print_diagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics, bool color);

nlohmann::json diagnostics_json(const std::vector<Diagnostic>& diagnostics);

}  // namespace zkd
