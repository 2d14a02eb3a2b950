// Unified diffs (as `diff -u` prints them: 3 lines of context, ---/+++ headers, @@ hunks,
// "\ No newline at end of file" markers) between two texts. The edit script comes from dtl;
// hunks are grouped here. Callers pass only masked display forms, never secrets.
// Cost is O((N+M)·D) for N and M lines and D differing lines: meant for configuration files.
#pragma once

#include <string>
#include <string_view>

namespace zkd {

inline constexpr size_t kDiffContextLines = 3;

// Empty when the texts are equal. `old_label`/`new_label` follow "--- " and "+++ "
// (e.g. the remote path, or /dev/null for a file being created).
std::string unified_diff(std::string_view old_label, std::string_view old_text,
                         std::string_view new_label, std::string_view new_text);

}  // namespace zkd
