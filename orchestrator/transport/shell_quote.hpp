// Builds remote command lines. Every command zkdeploy runs on a host goes through
// shell_quote(): each argument becomes one POSIX sh word in single quotes, so no argument can
// inject a command, whatever it holds (quotes, ';', '$()', newlines, non-UTF-8 bytes).
// NUL bytes cannot be passed through a command line at all and are rejected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zkd {

// One argument as a single-quoted sh word: abc -> 'abc', it's -> 'it'\''s'.
// Throws std::invalid_argument if the argument holds a NUL byte.
std::string shell_quote_word(std::string_view arg);

// A whole command line, words separated by spaces. Throws std::invalid_argument on an empty
// argv or a NUL byte in any argument.
std::string shell_quote(const std::vector<std::string>& argv);

// How a command is named in messages, at most about 200 characters: a fixed script
// (`sh -c SCRIPT NAME ARGS...`) by its name and quoted arguments, since its text tells a
// reader nothing; commands chained by exec_then() as "A, then B"; anything else as its
// quoted words.
std::string describe_command(const std::vector<std::string>& argv);

// The script name ($0) of exec_then()'s chained commands (transport.hpp), which
// describe_command() looks into.
inline constexpr const char* kChainedCommandName = "zkdeploy-then";

}  // namespace zkd
