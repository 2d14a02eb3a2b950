#include "tests/support/zkhistory/verify.hpp"

#include <set>

namespace zks::zkhistory {

using lincheck::Kind;
using lincheck::Outcome;
using lincheck::Verdict;

bool Verification::passed() const {
  return error.empty() && lost.empty() && registers.verdict == Verdict::kLinearizable &&
         sets.verdict == Verdict::kLinearizable;
}

std::string Verification::summary() const {
  std::string out = std::to_string(operations) + " operations (" + std::to_string(ok) + " ok, " +
                    std::to_string(failed) + " failed, " + std::to_string(unknown) +
                    " unknown); registers " + lincheck::to_string(registers.verdict) + ", sets " +
                    lincheck::to_string(sets.verdict) + "; " + std::to_string(lost.size()) +
                    " acknowledged adds lost";
  if (!error.empty()) out += "\nfinal state: " + error;
  for (const lincheck::CheckResult* r : {&registers, &sets}) {
    if (r->verdict != Verdict::kLinearizable) out += "\nkey " + r->key + ": " + r->message;
  }
  for (size_t i = 0; i < lost.size() && i < 20; ++i) out += "\nlost: " + lost[i];
  return out;
}

Verification verify(const Workload& workload, const std::string& connect) {
  Verification v;
  lincheck::History history = workload.history();
  for (const lincheck::Operation& op : history) {
    ++v.operations;
    v.ok += op.outcome == Outcome::kOk;
    v.failed += op.outcome == Outcome::kFailed;
    v.unknown += op.outcome == Outcome::kUnknown;
  }
  lincheck::History final_reads;
  if (!workload.read_final_state(connect, &final_reads, &v.error)) return v;
  // Durability: every acknowledged add is in the final state of its set.
  for (const lincheck::Operation& read : final_reads) {
    if (read.kind != Kind::kReadSet) continue;
    const std::set<int64_t> present(read.values.begin(), read.values.end());
    for (const lincheck::Operation& op : history) {
      if (op.kind == Kind::kAdd && op.key == read.key && op.outcome == Outcome::kOk &&
          !present.contains(op.value)) {
        v.lost.push_back(lincheck::describe(op));
      }
    }
  }
  history.insert(history.end(), final_reads.begin(), final_reads.end());
  lincheck::History registers, sets;
  for (lincheck::Operation& op : history) {
    const bool reg = op.kind == Kind::kWrite || op.kind == Kind::kRead;
    (reg ? registers : sets).push_back(std::move(op));
  }
  v.registers = lincheck::check_registers(registers);
  v.sets = lincheck::check_sets(sets);
  return v;
}

}  // namespace zks::zkhistory
