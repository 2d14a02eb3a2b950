// Runs the deterministic simulator over many seeds. RAFT_SIM_SEEDS=n runs n seeds per case
// (more than the CI default); RAFT_SIM_SEED=s replays one seed with a trace of its events.
#include "tests/unit/raft/sim.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace zks::raft::test {
namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::strtoull(value, nullptr, 10) : fallback;
}

void run_seeds(const std::string& name, SimOptions options, std::uint64_t first,
               std::uint64_t default_count) {
  std::uint64_t count = env_number("RAFT_SIM_SEEDS", default_count);
  if (std::getenv("RAFT_SIM_SEED")) {
    first = env_number("RAFT_SIM_SEED", 0);
    count = 1;
    options.trace = true;
  }
  std::uint64_t committed = 0, leaders = 0;
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    options.seed = seed;
    SimResult result = run_simulation(options);
    committed += result.committed;
    leaders += result.leaders;
    ASSERT_TRUE(result.violation.empty())
        << name << " seed " << seed << ": " << result.violation
        << "\n  replay: RAFT_SIM_SEED=" << seed << " build-asan/bin/raft_sim_test --gtest_filter='*"
        << name << "'";
  }
  std::cout << name << ": " << count << " seeds, " << committed << " entries committed, " << leaders
            << " leaderships\n";
}

TEST(RaftSim, ThreeNodes) {
  run_seeds("ThreeNodes", {.voters = 3}, 1'000'000, 700);
}

TEST(RaftSim, FiveNodes) {
  run_seeds("FiveNodes", {.voters = 5}, 2'000'000, 400);
}

TEST(RaftSim, ThreeNodesMembership) {
  run_seeds("ThreeNodesMembership", {.voters = 3, .membership = true}, 3'000'000, 600);
}

TEST(RaftSim, FiveNodesMembership) {
  run_seeds("FiveNodesMembership", {.voters = 5, .membership = true}, 4'000'000, 300);
}

}  // namespace
}  // namespace zks::raft::test
