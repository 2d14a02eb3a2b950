// Linearizability checking of a concurrent history against a sequential model, the
// Wing-Gong search with Lowe's memoisation (as in Knossos and Porcupine).
//
// The history is split by key (linearizability is compositional); each key's operations are
// searched for an order that respects real time (an operation that completed before another
// was invoked comes first) and that the model accepts. Memoising (linearized set, model
// state) pairs makes the search fast on real histories. The search is bounded by a step
// budget per key: beyond it the verdict is kUnknown, never a guess.
//
// Models: a register (write/read of an integer, `initial` before any write) and a set of
// integers (add/read-all, empty at first). Every key of a history must use one model's kinds.
#pragma once

#include <cstdint>
#include <string>

#include "tests/support/lincheck/history.hpp"

namespace zks::lincheck {

enum class Verdict { kLinearizable, kViolation, kUnknown };

struct CheckResult {
  Verdict verdict = Verdict::kLinearizable;
  std::string key;      // the first key that is not linearizable (or ran out of budget)
  std::string message;  // that key's operations in time order, the deepest point reached
};

struct CheckOptions {
  int64_t register_initial = 0;
  uint64_t step_budget = 20'000'000;  // per key
};

CheckResult check_registers(const History& history, const CheckOptions& options = {});
CheckResult check_sets(const History& history, const CheckOptions& options = {});

const char* to_string(Verdict verdict);

}  // namespace zks::lincheck
