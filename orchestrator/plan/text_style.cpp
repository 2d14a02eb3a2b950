#include "orchestrator/plan/text_style.hpp"

namespace zkd {

namespace {

std::string_view ansi(Tone tone) {
  switch (tone) {
    case Tone::bold:
      return "\033[1m";
    case Tone::added:
      return "\033[32m";
    case Tone::removed:
      return "\033[31m";
    case Tone::changed:
      return "\033[33m";
    case Tone::hunk:
      return "\033[36m";
    case Tone::warning:
      return "\033[1;31m";
  }
  return "";
}

}  // namespace

std::string paint(std::string_view text, Tone tone, const PrintStyle& style) {
  if (!style.colour || text.empty()) return std::string(text);
  return std::string(ansi(tone)) + std::string(text) + "\033[0m";
}

}  // namespace zkd
