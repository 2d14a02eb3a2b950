// A deterministic simulator for the Raft core. One seed fixes everything: message loss,
// delay, duplication and reordering; symmetric and one-way partitions and heals; crashes that
// lose every write not yet reported durable; restarts; client proposals; leadership
// transfers; membership changes (learners added, promoted, voters removed); compaction.
// After every round it checks election safety, log matching, leader completeness and
// state-machine safety; at the end it heals everything and checks that every committed
// entry reaches every live member.
#pragma once

#include <cstdint>
#include <string>

namespace zks::raft::test {

struct SimOptions {
  std::uint64_t seed = 1;
  int voters = 3;
  bool membership = false;  // conf changes and a learner
  int rounds = 300;         // faulty rounds before the final heal
  int heal_rounds = 600;    // bound for the liveness phase
  bool trace = false;       // print events to stderr
};

struct SimResult {
  std::string violation;  // empty when every check held
  std::uint64_t committed = 0;
  std::uint64_t leaders = 0;  // distinct (term, leader) pairs seen
};

SimResult run_simulation(const SimOptions& options);

}  // namespace zks::raft::test
