// How commands plug into the zkdeploy command line: each command lives in its own file and
// exposes one `add_<name>_command(app, context)` function that main.cpp calls. The command's
// callback stores its exit code in the context.
#pragma once

#include <CLI/CLI.hpp>

namespace zkd {

enum class OutputFormat { text, json };

// Flags every command honours: --output text|json and --no-color.
struct GlobalOptions {
  OutputFormat output = OutputFormat::text;
  bool no_color = false;
};

struct CommandContext {
  GlobalOptions options;
  int exit_code = 0;
};

void add_validate_command(CLI::App& app, CommandContext& context);
void add_render_command(CLI::App& app, CommandContext& context);
void add_plan_command(CLI::App& app, CommandContext& context);
void add_status_command(CLI::App& app, CommandContext& context);
void add_ping_command(CLI::App& app, CommandContext& context);
void add_apply_command(CLI::App& app, CommandContext& context);

}  // namespace zkd
