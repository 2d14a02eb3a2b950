// Text for people: one operation per line, and the neighbourhood of a failed search.
#include <algorithm>

#include "tests/support/lincheck/history.hpp"
#include "tests/support/lincheck/search.hpp"

namespace zks::lincheck {

std::string describe(const Operation& op) {
  static const char* kKinds[] = {"write", "read", "add", "read-set"};
  static const char* kOutcomes[] = {"ok", "failed", "unknown"};
  std::string out = "c" + std::to_string(op.client) + " " + op.key + " " +
                    kKinds[static_cast<int>(op.kind)] + " ";
  if (op.kind == Kind::kReadSet) {
    out += "{";
    for (size_t i = 0; i < op.values.size(); ++i) {
      out += (i ? "," : "") + std::to_string(op.values[i]);
    }
    out += "}";
  } else {
    out += std::to_string(op.value);
  }
  out += std::string(" ") + kOutcomes[static_cast<int>(op.outcome)] + " [" +
         std::to_string(op.invoked) + ", " +
         (op.outcome == Outcome::kOk ? std::to_string(op.completed) : "?") + "]";
  return out;
}

namespace detail {

std::string explain(const std::vector<const Operation*>& ops, size_t stuck, size_t most,
                    size_t known) {
  std::string out = "linearized at most " + std::to_string(most) + " of " +
                    std::to_string(ops.size()) + " operations (" + std::to_string(known) +
                    " completed); stuck before the completion of: " + describe(*ops[stuck]) +
                    "\noperations invoked around it:\n";
  std::vector<const Operation*> sorted = ops;
  std::sort(sorted.begin(), sorted.end(),
            [](const Operation* a, const Operation* b) { return a->invoked < b->invoked; });
  const auto at = std::find(sorted.begin(), sorted.end(), ops[stuck]) - sorted.begin();
  const auto from = std::max<std::ptrdiff_t>(0, at - 15);
  const auto to = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(sorted.size()), at + 15);
  for (auto i = from; i < to; ++i) out += (i == at ? "> " : "  ") + describe(*sorted[i]) + "\n";
  return out;
}

}  // namespace detail
}  // namespace zks::lincheck
