// Verifying a stopped Workload's history: reads the final state through a fresh session
// (sync + read of every register and set, appended to the history as the last operations),
// checks the registers and the sets for linearizability (lincheck), and checks that every
// acknowledged set add is present in the final state.
#pragma once

#include <string>
#include <vector>

#include "tests/support/lincheck/checker.hpp"
#include "tests/support/zkhistory/workload.hpp"

namespace zks::zkhistory {

struct Verification {
  size_t operations = 0, ok = 0, failed = 0, unknown = 0;
  lincheck::CheckResult registers, sets;
  std::vector<std::string> lost;  // acknowledged adds missing from the final state
  std::string error;              // the final state could not be read
  bool passed() const;
  // Counts, verdicts and, on failure, the details.
  std::string summary() const;
};

Verification verify(const Workload& workload, const std::string& connect);

}  // namespace zks::zkhistory
