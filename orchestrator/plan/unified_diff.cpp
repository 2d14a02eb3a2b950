#include "orchestrator/plan/unified_diff.hpp"

#include <dtl/dtl.hpp>
#include <vector>

namespace zkd {

namespace {

// Lines with their terminators, so a last line lacking '\n' differs from one having it.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    size_t length = end == std::string_view::npos ? text.size() : end + 1;
    lines.emplace_back(text.substr(0, length));
    text.remove_prefix(length);
  }
  return lines;
}

struct Edit {
  char op;  // ' ' common, '-' only in the old text, '+' only in the new text
  const std::string* line;
};

// dtl's shortest edit script, with each run of changes reordered to deletions first, as
// `diff -u` prints them.
std::vector<Edit> edit_script(const std::vector<std::string>& before,
                              const std::vector<std::string>& after) {
  dtl::Diff<std::string> diff(before, after);
  diff.compose();
  std::vector<Edit> edits;
  std::vector<Edit> adds;
  auto flush_adds = [&] {
    edits.insert(edits.end(), adds.begin(), adds.end());
    adds.clear();
  };
  for (const auto& [line, info] : diff.getSes().getSequence()) {
    const std::string* kept =
        info.type == dtl::SES_ADD ? &after[info.afterIdx - 1] : &before[info.beforeIdx - 1];
    if (info.type == dtl::SES_ADD) {
      adds.push_back({'+', kept});
    } else if (info.type == dtl::SES_DELETE) {
      edits.push_back({'-', kept});
    } else {
      flush_adds();
      edits.push_back({' ', kept});
    }
  }
  flush_adds();
  return edits;
}

std::string range(size_t start, size_t length) {
  if (length == 1) return std::to_string(start);
  return std::to_string(length == 0 ? start - 1 : start) + "," + std::to_string(length);
}

void append_hunk(const std::vector<Edit>& edits, size_t first, size_t last, size_t old_line,
                 size_t new_line, std::string& out) {
  size_t old_length = 0, new_length = 0;
  for (size_t i = first; i <= last; ++i) {
    old_length += edits[i].op != '+';
    new_length += edits[i].op != '-';
  }
  out += "@@ -" + range(old_line, old_length) + " +" + range(new_line, new_length) + " @@\n";
  for (size_t i = first; i <= last; ++i) {
    out += edits[i].op;
    out += *edits[i].line;
    if (edits[i].line->back() != '\n') out += "\n\\ No newline at end of file\n";
  }
}

}  // namespace

std::string unified_diff(std::string_view old_label, std::string_view old_text,
                         std::string_view new_label, std::string_view new_text) {
  if (old_text == new_text) return {};
  const std::vector<std::string> before = lines_of(old_text);
  const std::vector<std::string> after = lines_of(new_text);
  const std::vector<Edit> edits = edit_script(before, after);

  std::string out = "--- " + std::string(old_label) + "\n+++ " + std::string(new_label) + "\n";
  size_t old_line = 1, new_line = 1;  // line numbers at edits[i]
  size_t i = 0;
  while (i < edits.size()) {
    if (edits[i].op == ' ') {
      ++old_line, ++new_line, ++i;
      continue;
    }
    // A hunk: changes closer than two contexts apart join; a context on either side.
    size_t last_change = i;
    for (size_t j = i + 1; j < edits.size() && j <= last_change + 2 * kDiffContextLines + 1; ++j) {
      if (edits[j].op != ' ') last_change = j;
    }
    const size_t lead = std::min(i, kDiffContextLines);
    const size_t first = i - lead;
    const size_t last = std::min(edits.size() - 1, last_change + kDiffContextLines);
    append_hunk(edits, first, last, old_line - lead, new_line - lead, out);
    for (; i <= last; ++i) {
      old_line += edits[i].op != '+';
      new_line += edits[i].op != '-';
    }
  }
  return out;
}

}  // namespace zkd
