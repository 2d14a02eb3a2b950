// One fault at every call of a rollout, in turn: the executor against a SimulatedTarget whose
// k-th call takes effect and then fails (a connection lost after the command ran, the
// hardest case: the host changed, the executor cannot know), or during whose k-th call
// Ctrl-C comes. For every k a failed run must halt with exit 1, an interrupted one exit 130
// (or 0, when nothing was left to do), either say what to do next and release its lock, and
// a rerun without faults must converge, restarting no host the faulty run finished. A
// rolling upgrade must also never have two voters down at once, leave every server running,
// and touch no host after the fault but the one in progress; a first install must leave
// every server running, none, or a serving quorum (said so).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>

#include "orchestrator/apply/executor.hpp"
#include "orchestrator/transport/transport.hpp"
#include "tests/unit/apply/simulated_target.hpp"

namespace zkd {
namespace {

using test::fast;
using test::SimulatedTarget;

size_t servers_down(const test::Fleet& fleet) {
  return static_cast<size_t>(std::count_if(fleet.observed.begin(), fleet.observed.end(),
                                           [](const ObservedHost& o) { return !o.server_pid; }));
}

// The myid of the observed leader; 1 when nothing leads (nothing runs).
int leader_of(const test::Fleet& fleet) {
  for (size_t i = 0; i < fleet.observed.size(); ++i) {
    if (fleet.observed[i].status.mode == ServerMode::leader) return static_cast<int>(i) + 1;
  }
  return 1;
}

bool changes_a_server(const std::string& call) {
  for (const char* op : {"stop ", "start ", "activate ", "roll_back "}) {
    if (call.starts_with(op)) return true;
  }
  return false;
}

std::string text(const std::vector<std::string>& lines) {
  return ::testing::PrintToString(lines);
}

// The number of calls that reach the fault hook in a run without faults (stage's do not).
size_t hooked_calls(const test::Fleet& fleet) {
  SimulatedTarget clean(fleet, leader_of(fleet));
  std::atomic<size_t> count{0};
  clean.on_call = [&](const std::string&) { ++count; };
  EXPECT_EQ(Executor(clean, {}, fast(), nullptr).run().exit_code, kApplyOk);
  return count;
}

// A rerun without faults converges, restarting no host in `finished`; one more run finds
// nothing to do.
void expect_rerun_converges(const test::Fleet& fleet, const std::vector<std::string>& finished,
                            const std::string& fault) {
  SimulatedTarget again(fleet, leader_of(fleet));
  const ApplyReport rerun = Executor(again, {}, fast(), nullptr).run();
  ASSERT_EQ(rerun.exit_code, kApplyOk) << fault << "\n" << text(rerun.happened);
  for (const std::string& host : again.hosts_of("stop")) {
    EXPECT_EQ(std::count(finished.begin(), finished.end(), "east/" + host), 0)
        << fault << ": the rerun restarted " << host << ", which the faulty run finished";
  }
  again.calls.clear();
  EXPECT_EQ(Executor(again, {}, fast(), nullptr).run().exit_code, kApplyOk) << fault;
  EXPECT_EQ(again.calls, (std::vector<std::string>{"replan"})) << fault;
}

// After the fault (the k-th hooked call) during a rolling step only its host is touched
// (rolled back, or finished after an interrupt); after any other fault, no host.
void expect_only_the_step_in_progress_touched(const SimulatedTarget& target, size_t k,
                                              const std::string& fault) {
  const std::string in_progress =
      changes_a_server(fault) ? fault.substr(fault.find(' ') + 1) : std::string();
  auto at = target.calls.begin();
  for (size_t hooked = 0; at != target.calls.end(); ++at) {
    if (!at->starts_with("stage ") && hooked++ == k) break;
  }
  ASSERT_NE(at, target.calls.end());
  for (auto it = at + 1; it != target.calls.end(); ++it) {
    if (changes_a_server(*it)) {
      EXPECT_EQ(it->substr(it->find(' ') + 1), in_progress) << *it << " after the fault";
    }
  }
}

// What happens at the k-th call: it fails after taking effect, or Ctrl-C comes.
enum class Fault { error, interrupt };

// Runs the fleet's rollout once per hooked call, with the fault at that call; `check` sees
// each run.
template <typename Check>
void sweep(const test::Fleet& fleet, Fault kind, Check&& check) {
  const size_t calls = hooked_calls(fleet);
  ASSERT_GT(calls, 0u);
  for (size_t k = 0; k < calls; ++k) {
    SimulatedTarget target(fleet, leader_of(fleet));
    std::atomic<size_t> seen{0};
    std::atomic<bool> interrupted{false};
    std::mutex mutex;  // a record's hook runs beside the re-plan's
    std::string fault;
    size_t most_down = 0;
    target.on_call = [&](const std::string& call) {
      {
        const std::lock_guard lock(mutex);
        most_down = std::max(most_down, servers_down(target.fleet));
      }
      if (seen++ != k) return;
      {
        const std::lock_guard lock(mutex);
        fault = call;
      }
      if (kind == Fault::interrupt) {
        interrupted = true;
        return;
      }
      throw TransportError(call + ": connection lost");
    };
    const ApplyReport report = Executor(target, {}, fast(), &interrupted).run();
    ASSERT_FALSE(fault.empty()) << "call " << k << " never came";
    SCOPED_TRACE("fault at call " + std::to_string(k) + ": " + fault);
    if (kind == Fault::error) {
      EXPECT_EQ(report.exit_code, kApplyFailed) << text(report.happened);
    } else if (report.exit_code != kApplyOk) {  // ok: the interrupt came after the last step
      EXPECT_EQ(report.exit_code, kApplyInterrupted) << text(report.happened);
    }
    if (report.exit_code != kApplyOk) {
      EXPECT_FALSE(report.next.empty()) << text(report.happened);
    }
    // The lock is released unless it was never taken (a failed first plan or lock).
    if (kind == Fault::interrupt || (k != 0 && fault != "lock east")) {
      EXPECT_EQ(target.calls.back(), "unlock east") << text(target.calls);
    }
    check(target, report, k, fault, most_down);
    expect_rerun_converges(target.fleet, report.restarted, fault);
  }
}

test::Fleet rolling_upgrade() {
  test::Fleet fleet = test::converged(5, 3);
  fleet.set_config("maxClientCnxns=100");
  for (DesiredHost& d : fleet.desired) d.release.sha256 = test::kNewSha;
  return fleet;
}

// Never two of five voters down, every server running at the end, and after the fault only
// the host in progress touched.
void expect_rolling_safety(const SimulatedTarget& target, size_t k, const std::string& fault,
                           size_t most_down) {
  EXPECT_LE(most_down, 1u) << "two voters of five down at once";
  expect_only_the_step_in_progress_touched(target, k, fault);
  EXPECT_EQ(servers_down(target.fleet), 0u) << text(target.calls);
}

TEST(ExecutorFaults, ARollingUpgradeFailedAtAnyCallKeepsAQuorumAndARerunConverges) {
  sweep(rolling_upgrade(), Fault::error,
        [](const SimulatedTarget& target, const ApplyReport&, size_t k, const std::string& fault,
           size_t most_down) { expect_rolling_safety(target, k, fault, most_down); });
}

// Ctrl-C finishes the node in progress (never leaves it stopped) and starts no other; during
// the first plan or the lock, it stages nothing.
TEST(ExecutorFaults, ARollingUpgradeInterruptedAtAnyCallFinishesOnlyTheNodeInProgress) {
  sweep(rolling_upgrade(), Fault::interrupt,
        [](const SimulatedTarget& target, const ApplyReport&, size_t k, const std::string& fault,
           size_t most_down) {
          expect_rolling_safety(target, k, fault, most_down);
          if (k == 0 || fault == "lock east") {
            EXPECT_TRUE(target.hosts_of("stage").empty());
          }
        });
}

// Rolled back, a first install is left stopped, as before; but once the servers it started
// serve (a quorum of them), stopping them would be a restart that loses the quorum: they are
// left running, and the rerun starts the rest.
TEST(ExecutorFaults, AFirstInstallFailedAtAnyCallLeavesEveryServerNoneOrAServingQuorum) {
  sweep(test::fresh(3), Fault::error,
        [](const SimulatedTarget& target, const ApplyReport& report, size_t, const std::string&,
           size_t) {
          const size_t down = servers_down(target.fleet);
          if (down == 0 || down == 3) return;
          EXPECT_EQ(down, 1u) << text(report.happened);
          for (const ObservedHost& o : target.fleet.observed) {
            EXPECT_TRUE(!o.server_pid || o.status.serving) << o.name << " runs but does not serve";
          }
          EXPECT_NE(text(report.happened).find("NOT rolled back"), std::string::npos)
              << text(report.happened);
        });
}

}  // namespace
}  // namespace zkd
