// The executor's sequencing and decisions against a simulated ensemble: the real planner
// decides every step, the SimulatedTarget plays the hosts.
#include "orchestrator/apply/executor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "tests/unit/apply/simulated_target.hpp"

namespace zkd {
namespace {

using test::fast;
using test::SimulatedTarget;

// Steps begin on several threads (staging; a record beside a re-plan), like the journal's.
struct Recorder : StepObserver {
  std::mutex mutex;
  std::vector<std::string> begun;
  std::vector<std::string> leader_handovers;
  void begin(const StepEvent& e) override {
    const std::lock_guard lock(mutex);
    begun.push_back(e.step + " " + e.host);
  }
  void end(const StepEvent&, const StepOutcome&) override {}
  void before_leader_restart(const std::string&, const std::string& host) override {
    leader_handovers.push_back(host);
  }
};

test::Fleet with_timeout(test::Fleet fleet) {
  for (DesiredHost& d : fleet.desired) d.rollout.health_timeout = std::chrono::milliseconds(30);
  return fleet;
}

bool contains(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

TEST(Executor, RollsFollowersFirstLeaderLastReplanningBeforeEachNode) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  Recorder recorder;
  Executor executor(target, {&recorder}, fast(), nullptr);
  const ApplyReport report = executor.run();
  EXPECT_EQ(report.exit_code, kApplyOk);
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1", "zk3", "zk2"}));
  EXPECT_EQ(target.hosts_of("start"), target.hosts_of("stop"));
  EXPECT_EQ(report.restarted, (std::vector<std::string>{"east/zk1", "east/zk3", "east/zk2"}));
  EXPECT_EQ(recorder.leader_handovers, (std::vector<std::string>{"zk2"}));
  // Every stop comes right after a fresh plan of the cluster; the host of the step before
  // is recorded beside that plan, before the stop.
  for (size_t i = 0; i < target.calls.size(); ++i) {
    if (!target.calls[i].starts_with("stop ")) continue;
    size_t before = i;
    while (before > 0 && target.calls[before - 1].starts_with("record ")) --before;
    ASSERT_GT(before, 0u);
    EXPECT_EQ(target.calls[before - 1], "replan east");
  }
  EXPECT_EQ(target.hosts_of("record"), target.hosts_of("stop"));
  const auto zk3_stop = std::find(target.calls.begin(), target.calls.end(), "stop zk3");
  EXPECT_NE(std::find(target.calls.begin(), zk3_stop, "record zk1"), zk3_stop);
  // Stage all before any stop; the lock is held around both.
  const auto first_stop = std::find(target.calls.begin(), target.calls.end(), "stop zk1");
  EXPECT_EQ(std::count_if(target.calls.begin(), first_stop,
                          [](const std::string& c) { return c.starts_with("stage "); }),
            3);
  EXPECT_EQ(target.calls.front(), "replan");
  EXPECT_EQ(target.calls[1], "lock east");
  EXPECT_EQ(target.calls.back(), "unlock east");
}

TEST(Executor, SecondRunChangesNothing) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  ASSERT_EQ(Executor(target, {}, fast(), nullptr).run().exit_code, kApplyOk);
  target.calls.clear();
  const ApplyReport again = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(again.exit_code, kApplyOk);
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(target.calls, (std::vector<std::string>{"replan"}));
}

TEST(Executor, NothingToChangeButAHostUnseenIsNotConverged) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.have(3) = ObservedHost{};
  fleet.have(3).name = "zk3";
  fleet.have(3).error = "connection refused";
  SimulatedTarget target(fleet, 2);
  const ApplyReport report = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_FALSE(report.changed);
  EXPECT_TRUE(contains(report.happened, "east/zk3 is unreachable: connection refused"))
      << ::testing::PrintToString(report.happened);
  EXPECT_EQ(target.calls, (std::vector<std::string>{"replan"}));
}

TEST(Executor, FirstInstallStartsEveryNodeTogether) {
  SimulatedTarget target(test::fresh(3), 1);
  Recorder recorder;
  const ApplyReport report = Executor(target, {&recorder}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyOk) << ::testing::PrintToString(report.happened);
  EXPECT_TRUE(target.hosts_of("stop").empty());
  EXPECT_EQ(target.hosts_of("start"), (std::vector<std::string>{"zk1", "zk2", "zk3"}));
  EXPECT_EQ(std::count(recorder.begun.begin(), recorder.begun.end(), "wait "), 1);
  EXPECT_EQ(report.started.size(), 3u);
}

TEST(Executor, NodeNeverHealthyIsRolledBackAndTheLineStops) {
  test::Fleet fleet = with_timeout(test::converged(3, 2));
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  target.never_healthy = {"zk1"};
  const ApplyReport report = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1", "zk1"}));
  EXPECT_EQ(target.hosts_of("roll_back"), (std::vector<std::string>{"zk1"}));
  EXPECT_EQ(target.hosts_of("start"), (std::vector<std::string>{"zk1", "zk1"}));
  EXPECT_TRUE(target.hosts_of("record").empty());
  EXPECT_TRUE(contains(report.happened, "healthy and synced again"))
      << ::testing::PrintToString(report.happened);
  EXPECT_FALSE(report.next.empty());
  EXPECT_EQ(target.calls.back(), "unlock east");
}

TEST(Executor, NoRollbackThatWouldLoseTheQuorum) {
  test::Fleet fleet = with_timeout(test::converged(3, 2));
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  target.on_call = [&](const std::string& call) {
    if (call == "start zk1") target.fleet.stop(3);  // zk1 comes back, zk3 dies meanwhile
  };
  const ApplyReport report = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_TRUE(target.hosts_of("roll_back").empty());
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1"}));
  EXPECT_TRUE(contains(report.happened, "NOT rolled back"))
      << ::testing::PrintToString(report.happened);
}

TEST(Executor, NoRollbackLeavesTheFailedNode) {
  test::Fleet fleet = with_timeout(test::converged(3, 2));
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  target.never_healthy = {"zk1"};
  const ApplyReport report = Executor(target, {}, fast(/*rollback=*/false), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_TRUE(target.hosts_of("roll_back").empty());
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1"}));
  EXPECT_TRUE(contains(report.happened, "--no-rollback"));
}

TEST(Executor, DegradedEnsembleIsRefusedBeforeAnythingIsStaged) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  fleet.stop(3);
  SimulatedTarget target(fleet, 2);
  const ApplyReport report = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_TRUE(target.hosts_of("stage").empty());
  EXPECT_TRUE(target.hosts_of("stop").empty());
  EXPECT_TRUE(contains(report.happened, "Refused"));
  EXPECT_TRUE(contains(report.happened, "zk3"));
}

TEST(Executor, TwoVoterEnsembleIsRefusedUnlessDowntimeIsAccepted) {
  test::Fleet fleet = test::converged(2, 1);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget refused(fleet, 1);
  const ApplyReport report = Executor(refused, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_TRUE(contains(report.happened, "2-voter")) << ::testing::PrintToString(report.happened);
  EXPECT_TRUE(refused.hosts_of("stop").empty());

  ApplyOptions downtime = fast();
  downtime.plan.allow_downtime = true;
  SimulatedTarget accepted(fleet, 1, downtime.plan);
  EXPECT_EQ(Executor(accepted, {}, downtime, nullptr).run().exit_code, kApplyOk);
  EXPECT_EQ(accepted.hosts_of("stop").size(), 2u);
}

TEST(Executor, LockHeldElsewhereRefusesAndTouchesNothing) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  target.lock_refusal = {"the cluster lock on zk2 is held by bob@ops 77 2026-01-01T00:00:00Z r1"};
  const ApplyReport report = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_TRUE(contains(report.happened, "bob@ops 77"));
  EXPECT_TRUE(target.hosts_of("stage").empty());
  EXPECT_TRUE(target.hosts_of("unlock").empty());  // lock() released its partial locks itself
}

TEST(Executor, InterruptFinishesTheNodeInProgressThenStops) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  std::atomic<bool> interrupted{false};
  target.on_call = [&](const std::string& call) {
    if (call == "stop zk1") interrupted = true;
  };
  const ApplyReport report = Executor(target, {}, fast(), &interrupted).run();
  EXPECT_EQ(report.exit_code, kApplyInterrupted);
  EXPECT_EQ(target.hosts_of("start"), (std::vector<std::string>{"zk1"}));
  EXPECT_EQ(target.hosts_of("record"), (std::vector<std::string>{"zk1"}));
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1"}));
  EXPECT_EQ(target.calls.back(), "unlock east");
}

TEST(Executor, AServerThatExitsIsReportedBeforeTheHealthTimeout) {
  test::Fleet fleet = test::converged(3, 2);
  for (DesiredHost& d : fleet.desired) d.rollout.health_timeout = std::chrono::minutes(10);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  target.exits_on_start = {"zk1"};
  ApplyOptions options = fast();
  options.exit_check_interval = std::chrono::milliseconds(5);
  const ApplyReport report = Executor(target, {}, options, nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_TRUE(contains(report.happened, "the server on zk1 exited"))
      << ::testing::PrintToString(report.happened);
  EXPECT_EQ(target.hosts_of("roll_back"), (std::vector<std::string>{"zk1"}));
  EXPECT_TRUE(contains(report.happened, "healthy and synced again"));
}

TEST(Executor, AFailedRecordHaltsBeforeTheNextStep) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  target.on_call = [](const std::string& call) {
    if (call == "record zk1") throw std::runtime_error("zk1: writing state.json failed (exit 71)");
  };
  const ApplyReport report = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1"}));
  EXPECT_TRUE(contains(report.happened, "east/zk1: restarted, healthy and synced"));
  EXPECT_TRUE(contains(report.happened, "failed: zk1: writing state.json failed"))
      << ::testing::PrintToString(report.happened);
  EXPECT_EQ(target.calls.back(), "unlock east");
}

TEST(Executor, AnotherNodeDyingMidRolloutHaltsAtTheNextReplan) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  SimulatedTarget target(fleet, 2);
  bool zk1_started = false;  // set before the re-plan after zk1's step begins
  target.on_call = [&](const std::string& call) {
    if (call == "start zk1") zk1_started = true;
    if (call == "replan east" && zk1_started) target.fleet.stop(3);
  };
  const ApplyReport report = Executor(target, {}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyFailed);
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1"}));
  EXPECT_TRUE(contains(report.happened, "no longer safe"));
}

}  // namespace
}  // namespace zkd
