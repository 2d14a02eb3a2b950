// A concurrent history for the linearizability checker: one record per operation a client
// invoked, with its invocation and completion times on one clock shared by all clients.
//
// Outcomes follow Knossos/Porcupine: kOk operations took effect exactly once, between their
// invocation and their completion. kFailed operations definitely did not take effect (the
// server refused them) and are ignored. kUnknown operations (timeout, connection loss) may or
// may not have taken effect, at any time after their invocation: the checker treats them as
// never completing, which also lets them take effect after everything else -- that is, not
// at all. An unknown read tells nothing and is ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zks::lincheck {

enum class Kind {
  kWrite,    // register: set the value to `value`
  kRead,     // register: read `value`
  kAdd,      // set: add `value`
  kReadSet,  // set: read the whole set, `values`
};

enum class Outcome { kOk, kFailed, kUnknown };

struct Operation {
  int client = 0;
  std::string key;  // registers or sets with different keys are independent
  Kind kind = Kind::kRead;
  int64_t value = 0;
  std::vector<int64_t> values;  // kReadSet
  Outcome outcome = Outcome::kOk;
  int64_t invoked = 0;    // any clock common to all clients (ns)
  int64_t completed = 0;  // ignored unless kOk
};

using History = std::vector<Operation>;

// One line per operation, for failure messages: "c3 r1 write 7 ok [120, 130]".
std::string describe(const Operation& op);

}  // namespace zks::lincheck
