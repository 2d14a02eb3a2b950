// Optional ANSI colour for the human-readable printers: with colour off, text passes through
// unchanged, so golden tests and pipes see plain text.
#pragma once

#include <string>
#include <string_view>

namespace zkd {

struct PrintStyle {
  bool colour = false;
};

enum class Tone { bold, added, removed, changed, hunk, warning };

std::string paint(std::string_view text, Tone tone, const PrintStyle& style);

}  // namespace zkd
