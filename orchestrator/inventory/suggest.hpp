// "Did you mean" suggestions for misspelt keys and values.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace zkd {

// The candidate closest to `word` by edit distance (case-insensitive), if it is close enough
// to be a plausible typo; otherwise an empty string.
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace zkd
