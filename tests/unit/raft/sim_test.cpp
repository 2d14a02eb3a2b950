// Runs the deterministic simulator over many seeds. RAFT_SIM_SEEDS=n runs n seeds per case
// (more than the CI default), RAFT_SIM_SEED_OFFSET=k shifts them to unexplored seeds;
// RAFT_SIM_SEED=s replays one seed with a trace of its events.
#include "tests/unit/raft/sim.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

// Under AddressSanitizer, short allocation stacks keep thousands of seeds affordable; the
// environment's ASAN_OPTIONS still take precedence.
extern "C" const char* __asan_default_options() {
  return "malloc_context_size=3";
}

namespace zks::raft::test {
namespace {

// The replay line for the seed running now, printed if the core aborts on a broken invariant
// (an abort skips the test's own failure message).
char replay_line[256];

extern "C" void print_replay_line(int) {
  std::fputs(replay_line, stderr);
  std::signal(SIGABRT, SIG_DFL);
  std::abort();
}

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::strtoull(value, nullptr, 10) : fallback;
}

void run_seeds(const std::string& name, SimOptions options, std::uint64_t first,
               std::uint64_t default_count) {
  std::uint64_t count = env_number("RAFT_SIM_SEEDS", default_count);
  first += env_number("RAFT_SIM_SEED_OFFSET", 0);
  if (std::getenv("RAFT_SIM_SEED")) {
    first = env_number("RAFT_SIM_SEED", 0);
    count = 1;
    options.trace = true;
  }
  std::uint64_t committed = 0, leaders = 0;
  std::signal(SIGABRT, print_replay_line);
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    options.seed = seed;
    std::snprintf(replay_line, sizeof replay_line,
                  "%s seed %llu aborted\n  replay: RAFT_SIM_SEED=%llu "
                  "build-asan/bin/raft_sim_test --gtest_filter='*%s'\n",
                  name.c_str(), static_cast<unsigned long long>(seed),
                  static_cast<unsigned long long>(seed), name.c_str());
    SimResult result = run_simulation(options);
    committed += result.committed;
    leaders += result.leaders;
    ASSERT_TRUE(result.violation.empty())
        << name << " seed " << seed << ": " << result.violation
        << "\n  replay: RAFT_SIM_SEED=" << seed << " build-asan/bin/raft_sim_test --gtest_filter='*"
        << name << "'";
  }
  std::signal(SIGABRT, SIG_DFL);
  std::cout << name << ": " << count << " seeds, " << committed << " entries committed, " << leaders
            << " leaderships\n";
}

TEST(RaftSim, ThreeNodes) {
  run_seeds("ThreeNodes", {.voters = 3}, 1'000'000, 1500);
}

TEST(RaftSim, FiveNodes) {
  run_seeds("FiveNodes", {.voters = 5}, 2'000'000, 800);
}

TEST(RaftSim, ThreeNodesMembership) {
  run_seeds("ThreeNodesMembership", {.voters = 3, .membership = true}, 3'000'000, 1000);
}

TEST(RaftSim, FiveNodesMembership) {
  run_seeds("FiveNodesMembership", {.voters = 5, .membership = true}, 4'000'000, 700);
}

}  // namespace
}  // namespace zks::raft::test
