// Faults during a rolling upgrade (v1 -> v2 of a three-node Apache ZooKeeper ensemble on
// sshd test hosts). The executor runs in-process on the real SSH target, wrapped by a
// FaultyTarget that acts at a chosen step, synchronously, so each fault lands exactly there:
//   - the restarted node never becomes healthy (its JVM is frozen right after the start):
//     it is rolled back to v1, the rollout halts with exit 1, the quorum holds, nothing else
//     is touched;
//   - another node dies after the first node is done: the re-plan before the next step
//     refuses, exit 1, nothing further is touched;
//   - the SSH connection to the node being stopped drops while its stop command runs (the
//     upgrade changes zoo.cfg too): the node is rolled back to v1 and its old zoo.cfg before
//     its switch, the run halts with exit 1, and a rerun of `zkdeploy apply` converges;
//   - at each kind of step in turn (stage, stop, switch, start, record, the re-plan after a
//     node), the step runs on its host but its answer is lost, as when the connection drops
//     right after the command: the run halts with exit 1 and says what to do next, every
//     server serves, a host the run did not finish holds v1 and its old zoo.cfg, and a rerun
//     converges without restarting the hosts the run finished.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <thread>

#include "orchestrator/apply/executor.hpp"
#include "orchestrator/apply/journal.hpp"
#include "orchestrator/apply/ssh_apply_target.hpp"
#include "orchestrator/state/inventory_plan.hpp"
#include "tests/e2e/apply/apply_cluster.hpp"
#include "tests/e2e/apply/release_files.hpp"
#include "tests/harness/process_tree.hpp"

namespace zkd::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kRun = 99;  // journal number of the in-process runs (the CLI's count from 1)

// Forwards every operation to the real target; `before` and `after` see each host operation
// ("stage", "stop", "start", "activate", "roll_back", "record") with its host, and each
// cluster's re-plan ("replan") with the cluster. Hooks of "record" run beside the re-plan
// after the step that record ends, those of "stage" beside each other.
class FaultyTarget : public ApplyTarget {
 public:
  using Hook = std::function<void(const std::string& op, const std::string& host)>;
  FaultyTarget(ApplyTarget& inner, Hook before, Hook after)
      : inner_(inner), before_(std::move(before)), after_(std::move(after)) {}

  Plan replan(const std::string& cluster) override {
    Plan plan;
    around("replan", cluster, [&] { plan = inner_.replan(cluster); });
    return plan;
  }
  Plan plan_run() override { return inner_.plan_run(); }
  EnsembleHealth probe(const ClusterPlan& cluster) override { return inner_.probe(cluster); }
  std::vector<std::string> lock(const ClusterPlan& cluster) override {
    return inner_.lock(cluster);
  }
  void unlock(const ClusterPlan& cluster) override { inner_.unlock(cluster); }
  bool running(const std::string& host) override { return inner_.running(host); }
  void stage(const HostPlan& host) override {
    around("stage", host.name, [&] { inner_.stage(host); });
  }
  void stop(const std::string& host) override {
    around("stop", host, [&] { inner_.stop(host); });
  }
  void start(const std::string& host) override {
    around("start", host, [&] { inner_.start(host); });
  }
  void activate(const HostPlan& host) override {
    around("activate", host.name, [&] { inner_.activate(host); });
  }
  void roll_back(const HostPlan& host) override {
    around("roll_back", host.name, [&] { inner_.roll_back(host); });
  }
  void record(const std::string& host) override {
    around("record", host, [&] { inner_.record(host); });
  }

 private:
  void around(const char* op, const std::string& host, const std::function<void()>& fn) {
    if (before_) before_(op, host);
    fn();
    if (after_) after_(op, host);
  }

  ApplyTarget& inner_;
  Hook before_, after_;
};

// One apply of the cluster's inventory, in-process, through a FaultyTarget, journaled to
// the cluster's journal kRun. The policy is this file's, not the fixture's: a node gets
// `health` to become healthy and a stop `stop` before SIGKILL.
ApplyReport apply_with_faults(const ApplyCluster& c, FaultyTarget::Hook before,
                              FaultyTarget::Hook after, milliseconds health = seconds(45),
                              milliseconds stop = seconds(10)) {
  InventoryPlan prepared = prepare_inventory(c.inventory());
  if (!prepared.ok()) throw std::runtime_error("the test inventory does not prepare");
  for (DesiredHost& d : prepared.desired) d.rollout.health_timeout = health;
  for (Cluster& cluster : prepared.inventory.clusters) {
    for (Host& h : cluster.hosts) h.service.stop_timeout = stop;
  }
  const RunIdentity id = current_run_identity();
  SshApplyTarget real(prepared, id, PlanOptions{}, 16);
  FaultyTarget target(real, std::move(before), std::move(after));
  Journal journal(c.journal(kRun), id.run_id);
  Executor executor(target, {&journal}, ApplyOptions{}, nullptr);
  return executor.run();
}

size_t index_of(const ApplyCluster& c, const std::string& host) {
  for (size_t i = 0; i < c.hosts().size(); ++i) {
    if (c.hosts()[i].name == host) return i;
  }
  throw std::logic_error("no host " + host);
}

std::vector<long> pids(const ApplyCluster& c) {
  std::vector<long> all;
  for (size_t i = 0; i < c.hosts().size(); ++i) all.push_back(c.pid(i));
  return all;
}

// Servers that serve (leader or follower), and whether exactly one of them leads.
size_t serving(const ApplyCluster& c, bool* one_leader) {
  size_t count = 0, leaders = 0;
  for (size_t i = 0; i < c.hosts().size(); ++i) {
    const std::string mode = c.mode(i);
    count += mode == "leader" || mode == "follower";
    leaders += mode == "leader";
  }
  *one_leader = leaders == 1;
  return count;
}

std::string happened(const ApplyReport& report) {
  std::string text;
  for (const std::string& line : report.happened) text += line + "\n";
  return text;
}

// Whether a process under `root` (an sshd) runs a command line containing `word`.
bool running_under(pid_t root, const std::string& word) {
  for (pid_t pid : descendants(root)) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
    const std::string cmdline((std::istreambuf_iterator<char>(in)), {});
    if (cmdline.find(word) != std::string::npos) return true;
  }
  return false;
}

// What host i's live zoo.cfg holds.
std::string zoo_cfg(const ApplyCluster& c, size_t i) {
  std::ifstream in(c.cluster_root(i) + "/conf/zoo.cfg");
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

class ApplyFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    const CliRun install = c_.apply();
    ASSERT_EQ(install.status, 0) << install.out << install.err;
    const std::string jars = artifact_dir(c_);
    v1_ = release_of(jars);
    v2_ = make_release(jars, "v2");
    leader_ = c_.leader();
    ASSERT_FALSE(leader_.empty());
    before_ = pids(c_);
  }

  // The upgrade changes zoo.cfg too; the live ones are kept to compare.
  void change_config_too() {
    c_.write_inventory("maxClientCnxns: 100");
    for (size_t i = 0; i < 3; ++i) old_cfg_.push_back(zoo_cfg(c_, i));
  }

  // `zkdeploy apply` again converges: every server serves v2 with the new zoo.cfg, and the
  // hosts with a pid in `finished` (0: none) were not restarted again.
  void expect_rerun_converges(const std::vector<long>& finished = {0, 0, 0}) {
    const CliRun rerun = c_.apply();
    ASSERT_EQ(rerun.status, 0) << rerun.out << rerun.err;
    bool one_leader = false;
    EXPECT_EQ(serving(c_, &one_leader), 3u);
    EXPECT_TRUE(one_leader);
    for (size_t i = 0; i < 3; ++i) {
      const std::string& name = c_.hosts()[i].name;
      EXPECT_EQ(current_release(c_, i), v2_) << name;
      EXPECT_NE(zoo_cfg(c_, i).find("maxClientCnxns=100"), std::string::npos) << name;
      if (finished[i] != 0) {
        EXPECT_EQ(c_.pid(i), finished[i]) << name << " was restarted again";
      }
    }
  }

  ApplyCluster c_{3};
  std::string v1_, v2_, leader_;
  std::vector<long> before_;
  std::vector<std::string> old_cfg_;
};

TEST_F(ApplyFaults, NodeThatNeverBecomesHealthyIsRolledBackAndTheRolloutHalts) {
  std::string frozen;
  const auto freeze_first_start = [&](const std::string& op, const std::string& host) {
    if (op != "start" || !frozen.empty()) return;
    frozen = host;
    ASSERT_EQ(::kill(static_cast<pid_t>(c_.pid(index_of(c_, host))), SIGSTOP), 0);
  };
  const ApplyReport report =
      apply_with_faults(c_, nullptr, freeze_first_start, seconds(10), seconds(2));
  EXPECT_EQ(report.exit_code, kApplyFailed) << happened(report);
  ASSERT_FALSE(frozen.empty());
  EXPECT_NE(frozen, leader_);
  EXPECT_NE(happened(report).find("not healthy within"), std::string::npos) << happened(report);
  EXPECT_EQ(c_.step_hosts(kRun, "stop"), std::vector<std::string>{frozen});
  EXPECT_EQ(c_.step_hosts(kRun, "rollback"), std::vector<std::string>{frozen});
  bool one_leader = false;
  EXPECT_EQ(serving(c_, &one_leader), 3u);
  EXPECT_TRUE(one_leader);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(current_release(c_, i), v1_) << c_.hosts()[i].name;
    if (c_.hosts()[i].name != frozen) {
      EXPECT_EQ(c_.pid(i), before_[i]) << c_.hosts()[i].name;
    }
  }
}

TEST_F(ApplyFaults, AnotherNodeDyingMidRolloutIsRefusedBeforeTheNextStep) {
  std::string first, victim;
  // Once the first node's step is done, right before the re-plan for the next one. Only
  // "stop" and "replan" touch the strings: a "record" runs on another thread.
  const auto kill_another = [&](const std::string& op, const std::string& host) {
    if (op == "stop" && first.empty()) first = host;
    if (op != "replan" || first.empty() || !victim.empty()) return;
    for (const TestHost& h : c_.hosts().hosts()) {
      if (h.name != first && h.name != leader_) victim = h.name;
    }
    const size_t v = index_of(c_, victim);
    ASSERT_EQ(::kill(static_cast<pid_t>(c_.pid(v)), SIGKILL), 0);
    ASSERT_TRUE(wait_until([&] { return c_.mode(v).empty(); }, seconds(10)));
  };
  const ApplyReport report = apply_with_faults(c_, kill_another, nullptr);
  EXPECT_EQ(report.exit_code, kApplyFailed) << happened(report);
  ASSERT_FALSE(victim.empty());
  EXPECT_NE(happened(report).find("no longer safe"), std::string::npos) << happened(report);
  EXPECT_NE(happened(report).find(victim), std::string::npos) << happened(report);
  EXPECT_EQ(c_.step_hosts(kRun, "stop"), std::vector<std::string>{first});
  EXPECT_TRUE(c_.step_hosts(kRun, "rollback").empty());
  bool one_leader = false;
  EXPECT_EQ(serving(c_, &one_leader), 2u);  // a quorum of 3: the first node (v2), the leader
  EXPECT_TRUE(one_leader);
  const size_t l = index_of(c_, leader_);
  EXPECT_EQ(c_.pid(l), before_[l]);
  EXPECT_EQ(current_release(c_, l), v1_);
  EXPECT_EQ(current_release(c_, index_of(c_, first)), v2_);
}

TEST_F(ApplyFaults, SshDropWhileStoppingHaltsAndARerunConverges) {
  change_config_too();
  std::string dropped;
  std::thread dropper;
  const auto drop_mid_stop = [&](const std::string& op, const std::string& host) {
    if (op != "stop" || !dropped.empty()) return;
    dropped = host;
    const size_t i = index_of(c_, host);
    // A frozen server keeps the stop command waiting, so the drop lands while it runs.
    const pid_t server = static_cast<pid_t>(c_.pid(i));
    ASSERT_EQ(::kill(server, SIGSTOP), 0);
    dropper = std::thread([&, i, server] {
      const bool seen = wait_until(
          [&] { return running_under(c_.hosts()[i].sshd_pid, "zkdeploy-stop"); }, seconds(20));
      c_.hosts().kill_sessions(i);
      ::kill(server, SIGCONT);
      EXPECT_TRUE(seen) << "the stop command never ran on " << c_.hosts()[i].name;
    });
  };
  const ApplyReport report = apply_with_faults(c_, drop_mid_stop, nullptr);
  if (dropper.joinable()) dropper.join();
  EXPECT_EQ(report.exit_code, kApplyFailed) << happened(report);
  ASSERT_FALSE(dropped.empty());
  EXPECT_NE(happened(report).find("connection lost"), std::string::npos) << happened(report);
  EXPECT_NE(happened(report).find("healthy and synced again"), std::string::npos)
      << happened(report);
  EXPECT_EQ(c_.step_hosts(kRun, "stop"), std::vector<std::string>{dropped});
  bool one_leader = false;
  EXPECT_GE(serving(c_, &one_leader), 2u) << happened(report);
  EXPECT_TRUE(one_leader);
  for (size_t i = 0; i < 3; ++i) {
    if (c_.hosts()[i].name != dropped) {
      EXPECT_EQ(c_.pid(i), before_[i]) << c_.hosts()[i].name;
    }
    EXPECT_EQ(zoo_cfg(c_, i), old_cfg_[i]) << c_.hosts()[i].name;
    EXPECT_EQ(current_release(c_, i), v1_) << c_.hosts()[i].name;
  }
  expect_rerun_converges();
}

class ApplyFaultAtStep : public ApplyFaults, public ::testing::WithParamInterface<std::string> {};

TEST_P(ApplyFaultAtStep, AnAnswerLostAfterTheStepRanHaltsKeepsTheQuorumAndARerunConverges) {
  const std::string op = GetParam();
  change_config_too();
  std::atomic<bool> stopped{false}, lost{false};
  std::string where;  // the host (the cluster for a re-plan) whose answer was lost
  // Stagings run beside each other and a record beside a re-plan: one answer is lost.
  const auto lose_answer = [&](const std::string& o, const std::string& host) {
    if (o == "stop") stopped = true;
    if (o != op || (o == "replan" && !stopped) || lost.exchange(true)) return;
    where = host;
    throw TransportError(host + ": connection lost after " + o + " ran");
  };
  const ApplyReport report = apply_with_faults(c_, nullptr, lose_answer);
  ASSERT_TRUE(lost) << happened(report);
  SCOPED_TRACE("answer of " + op + " " + where + " lost");
  EXPECT_EQ(report.exit_code, kApplyFailed) << happened(report);
  EXPECT_FALSE(report.next.empty()) << happened(report);
  bool one_leader = false;
  EXPECT_EQ(serving(c_, &one_leader), 3u) << happened(report);
  EXPECT_TRUE(one_leader);
  const std::vector<std::string> stopped_hosts = c_.step_hosts(kRun, "stop");
  std::vector<long> finished_pids(3, 0);
  for (size_t i = 0; i < 3; ++i) {
    const std::string& name = c_.hosts()[i].name;
    if (std::count(report.restarted.begin(), report.restarted.end(),
                   c_.cluster_of(i) + "/" + name) != 0) {
      finished_pids[i] = c_.pid(i);
      EXPECT_EQ(current_release(c_, i), v2_) << name;
      continue;
    }
    EXPECT_EQ(current_release(c_, i), v1_) << name;
    EXPECT_EQ(zoo_cfg(c_, i), old_cfg_[i]) << name;
    if (std::count(stopped_hosts.begin(), stopped_hosts.end(), name) == 0) {
      EXPECT_EQ(c_.pid(i), before_[i]) << name << " was restarted";
    }
  }

  expect_rerun_converges(finished_pids);
}

INSTANTIATE_TEST_SUITE_P(Steps, ApplyFaultAtStep,
                         ::testing::Values("stage", "stop", "activate", "start", "record",
                                           "replan"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace zkd::testing
