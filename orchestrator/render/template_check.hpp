// Syntax check of a mustache template, so that the inventory loader can reject a bad
// per-cluster template at the key that names it.
#pragma once

#include <string>
#include <string_view>

namespace zkd {

// The parser's message for an invalid template, or an empty string.
std::string template_syntax_error(std::string_view text);

}  // namespace zkd
