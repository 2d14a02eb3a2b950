// The linearizability checker on histories whose verdict is known: hand-made linearizable
// and violating histories for the register and set models, operations of unknown outcome,
// failed operations, independent keys, the step budget, and large histories linearizable by
// construction with a single corrupted read.
#include <gtest/gtest.h>

#include <random>

#include "tests/support/lincheck/checker.hpp"

namespace zks::lincheck {
namespace {

Operation write(const std::string& key, int64_t v, int64_t from, int64_t to,
                Outcome outcome = Outcome::kOk) {
  Operation op;
  op.key = key;
  op.kind = Kind::kWrite;
  op.value = v;
  op.invoked = from;
  op.completed = to;
  op.outcome = outcome;
  return op;
}

Operation read(const std::string& key, int64_t v, int64_t from, int64_t to,
               Outcome outcome = Outcome::kOk) {
  Operation op = write(key, v, from, to, outcome);
  op.kind = Kind::kRead;
  return op;
}

Operation add(int64_t v, int64_t from, int64_t to, Outcome outcome = Outcome::kOk) {
  Operation op = write("s", v, from, to, outcome);
  op.kind = Kind::kAdd;
  return op;
}

Operation read_set(std::vector<int64_t> values, int64_t from, int64_t to) {
  Operation op = write("s", 0, from, to);
  op.kind = Kind::kReadSet;
  op.values = std::move(values);
  return op;
}

Verdict registers(const History& h) {
  return check_registers(h).verdict;
}

TEST(Register, EmptyAndSequentialHistories) {
  EXPECT_EQ(registers({}), Verdict::kLinearizable);
  EXPECT_EQ(registers({write("x", 1, 0, 10), read("x", 1, 20, 30)}), Verdict::kLinearizable);
  EXPECT_EQ(registers({read("x", 0, 0, 10)}), Verdict::kLinearizable);  // the initial value
  EXPECT_EQ(registers({write("x", 1, 0, 10), read("x", 2, 20, 30)}), Verdict::kViolation);
}

TEST(Register, StaleReadAfterACompletedWriteIsAViolation) {
  const CheckResult r = check_registers({write("x", 1, 0, 10), read("x", 0, 20, 30)});
  EXPECT_EQ(r.verdict, Verdict::kViolation);
  EXPECT_EQ(r.key, "x");
  EXPECT_NE(r.message.find("read 0"), std::string::npos) << r.message;
}

TEST(Register, AReadOverlappingAWriteMaySeeEitherValue) {
  EXPECT_EQ(registers({write("x", 1, 0, 100), read("x", 0, 10, 20)}), Verdict::kLinearizable);
  EXPECT_EQ(registers({write("x", 1, 0, 100), read("x", 1, 10, 20)}), Verdict::kLinearizable);
  // Once a read saw the new value, a later read cannot see the old one.
  EXPECT_EQ(registers({write("x", 1, 0, 100), read("x", 1, 10, 20), read("x", 0, 30, 40)}),
            Verdict::kViolation);
}

TEST(Register, ConcurrentWritesCannotFlipBack) {
  const History ok = {write("x", 1, 0, 10), write("x", 2, 0, 10), read("x", 1, 20, 30),
                      read("x", 1, 40, 50)};
  EXPECT_EQ(registers(ok), Verdict::kLinearizable);
  const History flip = {write("x", 1, 0, 10), write("x", 2, 0, 10), read("x", 1, 20, 30),
                        read("x", 2, 40, 50), read("x", 1, 60, 70)};
  EXPECT_EQ(registers(flip), Verdict::kViolation);
}

TEST(Register, UnknownWriteMayTakeEffectLateOrNever) {
  EXPECT_EQ(registers({write("x", 1, 0, 0, Outcome::kUnknown), read("x", 0, 20, 30),
                       read("x", 1, 40, 50)}),
            Verdict::kLinearizable);
  EXPECT_EQ(registers({write("x", 1, 0, 0, Outcome::kUnknown), read("x", 0, 20, 30)}),
            Verdict::kLinearizable);
  // It happens at most once: seen, then gone again, is a violation.
  EXPECT_EQ(registers({write("x", 1, 0, 0, Outcome::kUnknown), read("x", 1, 20, 30),
                       read("x", 0, 40, 50)}),
            Verdict::kViolation);
  // It cannot take effect before it was invoked.
  EXPECT_EQ(registers({read("x", 1, 0, 10), write("x", 1, 20, 0, Outcome::kUnknown)}),
            Verdict::kViolation);
}

TEST(Register, FailedWritesAndUnknownReadsAreIgnored) {
  EXPECT_EQ(registers({write("x", 5, 0, 10, Outcome::kFailed), read("x", 5, 20, 30)}),
            Verdict::kViolation);
  EXPECT_EQ(registers({read("x", 42, 0, 10, Outcome::kUnknown)}), Verdict::kLinearizable);
}

TEST(Register, KeysAreCheckedIndependently) {
  const CheckResult r = check_registers(
      {write("a", 1, 0, 10), read("b", 0, 20, 30), read("a", 0, 20, 30), write("b", 1, 40, 50)});
  EXPECT_EQ(r.verdict, Verdict::kViolation);
  EXPECT_EQ(r.key, "a");
}

TEST(Register, InitialValueIsConfigurable) {
  CheckOptions options;
  options.register_initial = -1;
  EXPECT_EQ(check_registers({read("x", -1, 0, 10)}, options).verdict, Verdict::kLinearizable);
  EXPECT_EQ(check_registers({read("x", 0, 0, 10)}, options).verdict, Verdict::kViolation);
}

TEST(Register, RejectsSetOperations) {
  EXPECT_THROW(check_registers({add(1, 0, 10)}), std::invalid_argument);
}

// Clients run operations against one sequential register, each taking effect at a distinct
// instant inside its interval: linearizable by construction.
History generated(int clients, int per_client, int unknown_every, uint32_t seed) {
  std::mt19937 rng(seed);
  struct Planned {
    int client;
    int64_t point;
    bool write;
  };
  std::vector<Planned> plan;
  for (int c = 0; c < clients; ++c) {
    int64_t t = 0;
    for (int i = 0; i < per_client; ++i) {
      t += 1 + static_cast<int64_t>(rng() % 40);
      plan.push_back({c, t * 1000 + c, rng() % 2 == 0});
      t += 1 + static_cast<int64_t>(rng() % 40);
    }
  }
  std::sort(plan.begin(), plan.end(),
            [](const Planned& a, const Planned& b) { return a.point < b.point; });
  History h;
  int64_t value = 0, next_value = 1;
  int n = 0;
  for (const Planned& p : plan) {
    Operation op = p.write ? write("x", next_value++, 0, 0) : read("x", 0, 0, 0);
    if (p.write) value = op.value;
    op.value = p.write ? op.value : value;
    op.client = p.client;
    op.invoked = p.point - 1 - static_cast<int64_t>(rng() % 900);
    op.completed = p.point + 1 + static_cast<int64_t>(rng() % 900);
    if (unknown_every > 0 && p.write && ++n % unknown_every == 0) op.outcome = Outcome::kUnknown;
    h.push_back(op);
  }
  return h;
}

TEST(Register, GeneratedLinearizableHistoriesPass) {
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    const History h = generated(5, 400, 0, seed);
    const CheckResult r = check_registers(h);
    EXPECT_EQ(r.verdict, Verdict::kLinearizable) << "seed " << seed << "\n" << r.message;
  }
}

TEST(Register, GeneratedHistoriesWithUnknownWritesPass) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    const History h = generated(5, 300, 25, seed);
    EXPECT_EQ(registers(h), Verdict::kLinearizable) << "seed " << seed;
  }
}

TEST(Register, OneCorruptedReadInAGeneratedHistoryIsFound) {
  History h = generated(5, 400, 0, 7);
  // A read of a value that is overwritten long before the read starts.
  size_t target = 0;
  for (size_t i = h.size() / 2; i < h.size(); ++i) {
    if (h[i].kind == Kind::kRead && h[i].value > 10) {
      target = i;
      break;
    }
  }
  ASSERT_GT(target, 0u);
  h[target].value -= 10;
  const CheckResult r = check_registers(h);
  EXPECT_EQ(r.verdict, Verdict::kViolation);
  EXPECT_NE(r.message.find("stuck"), std::string::npos);
}

TEST(Register, ExhaustedBudgetIsUnknownNotAVerdict) {
  CheckOptions options;
  options.step_budget = 10;
  EXPECT_EQ(check_registers(generated(5, 100, 0, 3), options).verdict, Verdict::kUnknown);
}

TEST(Set, AddsBecomeVisibleAndStay) {
  EXPECT_EQ(
      check_sets({add(1, 0, 10), add(2, 5, 50), read_set({1}, 20, 30), read_set({2, 1}, 60, 70)})
          .verdict,
      Verdict::kLinearizable);
  EXPECT_EQ(
      check_sets({add(1, 0, 10), add(2, 0, 10), read_set({1, 2}, 20, 30), read_set({1}, 40, 50)})
          .verdict,
      Verdict::kViolation);
}

TEST(Set, AnAcknowledgedAddMissingLaterIsAViolation) {
  const CheckResult r = check_sets({add(3, 0, 10), read_set({}, 20, 30)});
  EXPECT_EQ(r.verdict, Verdict::kViolation);
  EXPECT_EQ(r.key, "s");
}

TEST(Set, UnknownAddsMayOrMayNotBePresent) {
  EXPECT_EQ(check_sets({add(4, 0, 0, Outcome::kUnknown), read_set({4}, 20, 30)}).verdict,
            Verdict::kLinearizable);
  EXPECT_EQ(check_sets({add(4, 0, 0, Outcome::kUnknown), read_set({}, 20, 30)}).verdict,
            Verdict::kLinearizable);
  EXPECT_EQ(check_sets({read_set({5}, 0, 10)}).verdict, Verdict::kViolation);
}

}  // namespace
}  // namespace zks::lincheck
