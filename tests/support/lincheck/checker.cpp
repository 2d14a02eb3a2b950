#include "tests/support/lincheck/checker.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "tests/support/lincheck/search.hpp"

namespace zks::lincheck {
namespace {

struct RegisterModel {
  using State = int64_t;
  int64_t init = 0;
  State initial() const { return init; }
  bool step(const State& s, const Operation& op, State* next) const {
    if (op.kind == Kind::kWrite) {
      *next = op.value;
      return true;
    }
    *next = s;
    return op.value == s;
  }
  size_t hash(const State& s) const { return std::hash<int64_t>{}(s); }
};

// The set as a sorted vector: cheap to copy, compare and hash.
struct SetModel {
  using State = std::vector<int64_t>;
  State initial() const { return {}; }
  bool step(const State& s, const Operation& op, State* next) const {
    if (op.kind == Kind::kAdd) {
      *next = s;
      const auto at = std::lower_bound(next->begin(), next->end(), op.value);
      if (at == next->end() || *at != op.value) next->insert(at, op.value);
      return true;
    }
    std::vector<int64_t> read = op.values;
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    *next = s;
    return read == s;
  }
  size_t hash(const State& s) const {
    size_t h = s.size();
    for (int64_t v : s) h = h * 31 + std::hash<int64_t>{}(v);
    return h;
  }
};

// The operations that matter, grouped by key: failed operations did not happen, and a read
// of unknown outcome says nothing.
std::map<std::string, std::vector<const Operation*>> by_key(const History& history, Kind write,
                                                            Kind read) {
  std::map<std::string, std::vector<const Operation*>> keys;
  for (const Operation& op : history) {
    if (op.kind != write && op.kind != read) {
      throw std::invalid_argument("lincheck: operation of the wrong model on key " + op.key);
    }
    if (op.outcome == Outcome::kFailed) continue;
    if (op.outcome == Outcome::kUnknown && op.kind == read) continue;
    keys[op.key].push_back(&op);
  }
  return keys;
}

template <typename Model>
CheckResult check(const History& history, const Model& model, Kind write, Kind read,
                  const CheckOptions& options) {
  for (const auto& [key, ops] : by_key(history, write, read)) {
    CheckResult result;
    result.verdict = detail::search(ops, model, options.step_budget, &result.message);
    if (result.verdict != Verdict::kLinearizable) {
      result.key = key;
      return result;
    }
  }
  return {};
}

}  // namespace

CheckResult check_registers(const History& history, const CheckOptions& options) {
  return check(history, RegisterModel{options.register_initial}, Kind::kWrite, Kind::kRead,
               options);
}

CheckResult check_sets(const History& history, const CheckOptions& options) {
  return check(history, SetModel{}, Kind::kAdd, Kind::kReadSet, options);
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kLinearizable:
      return "linearizable";
    case Verdict::kViolation:
      return "NOT linearizable";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "?";
}

}  // namespace zks::lincheck
