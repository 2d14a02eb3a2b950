// Leadership hand-over before a leader's restart: whom to hand to, how the server's answer
// is read, and how the executor uses it (transfer journalled before the leader's stop; a
// failed transfer warns and restarts the leader anyway; no transfer support: skipped).
#include "orchestrator/apply/leader_handover.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "orchestrator/apply/executor.hpp"
#include "tests/unit/apply/simulated_target.hpp"

namespace zkd {
namespace {

HostPlan member(const std::string& name, int64_t myid, bool healthy, uint64_t lag,
                MemberRole role = MemberRole::participant) {
  HostPlan h;
  h.name = name;
  h.myid = myid;
  h.role = role;
  h.health.healthy = healthy;
  h.health.zxid_lag = lag;
  return h;
}

ClusterPlan cluster_of(std::vector<HostPlan> hosts) {
  ClusterPlan c;
  c.name = "east";
  c.hosts = std::move(hosts);
  return c;
}

TEST(LeaderHandover, PicksTheLowestCaughtUpHealthyFollower) {
  const ClusterPlan c =
      cluster_of({member("a", 1, true, 0), member("b", 2, true, 0), member("c", 3, true, 0),
                  member("o", 4, true, 0, MemberRole::observer)});
  const HandoverDecision d = decide_handover(c, "a", "");
  EXPECT_EQ(d.target, 2);
  EXPECT_EQ(d.target_host, "b");
  EXPECT_TRUE(d.skip_reason.empty());
}

TEST(LeaderHandover, SkipsLaggingUnhealthyAndObserverMembers) {
  const ClusterPlan c =
      cluster_of({member("a", 1, false, 0), member("b", 2, true, 3), member("c", 3, true, 0),
                  member("o", 4, true, 0, MemberRole::observer)});
  EXPECT_EQ(decide_handover(c, "c", "").target, 0);
  EXPECT_EQ(decide_handover(c, "c", "").skip_reason,
            "no healthy follower has caught up with the leader");
  EXPECT_EQ(decide_handover(c, "a", "").target, 3);
}

TEST(LeaderHandover, ServerWithoutTransferIsSkippedWithItsReason) {
  const ClusterPlan c = cluster_of({member("a", 1, true, 0), member("b", 2, true, 0)});
  const HandoverDecision d = decide_handover(c, "a", "Apache ZooKeeper offers no transfer");
  EXPECT_EQ(d.target, 0);
  EXPECT_EQ(d.skip_reason, "Apache ZooKeeper offers no transfer");
}

TEST(LeaderHandover, RequestNamesTheTarget) {
  EXPECT_TRUE(
      transfer_request(3).starts_with("GET /commands/transfer_leadership?target=3 HTTP/1.0\r\n"));
  EXPECT_TRUE(transfer_request(3).ends_with("\r\n\r\n"));
}

TEST(LeaderHandover, ParsesACompletedTransfer) {
  const TransferReply r = parse_transfer_reply(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
      R"({"command":"transfer_leadership","old_leader":1,"new_leader":2,"elapsed_ms":4,)"
      R"("error":null})"
      "\n");
  EXPECT_EQ(r.old_leader, 1);
  EXPECT_EQ(r.new_leader, 2);
  EXPECT_EQ(r.elapsed_ms, 4);
}

TEST(LeaderHandover, RefusalsAndGarbageThrowWithTheServersWords) {
  auto error_of = [](std::string_view http) {
    try {
      parse_transfer_reply(http);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("HTTP/1.1 409 Conflict\r\n\r\n"
                     R"({"command":"transfer_leadership","leader":2,"error":"not the leader"})"),
            "transfer_leadership refused: 409 Conflict: not the leader");
  EXPECT_EQ(error_of("HTTP/1.1 500 Internal Server Error\r\n\r\n"
                     R"({"old_leader":1,"new_leader":1,"elapsed_ms":9,)"
                     R"("error":"the transfer did not complete in time"})"),
            "transfer_leadership refused: 500 Internal Server Error: the transfer did not "
            "complete in time");
  EXPECT_EQ(error_of("HTTP/1.1 200 OK\r\n\r\n"
                     R"({"old_leader":1,"new_leader":1,"elapsed_ms":9,"error":null})"),
            "transfer_leadership answered without a new leader");
  EXPECT_EQ(error_of(""), "transfer_leadership: not an HTTP answer");
  EXPECT_EQ(error_of("imok"), "transfer_leadership: not an HTTP answer");
}

// A simulated ensemble whose servers offer transfer; `fail` makes every transfer throw.
class TransferringTarget : public test::SimulatedTarget {
 public:
  using SimulatedTarget::SimulatedTarget;
  bool fail = false;
  std::string transfer_unsupported(const std::string&) override { return ""; }
  TransferReply transfer_leadership(const std::string& host, int64_t target) override {
    calls.push_back("transfer " + host + " " + std::to_string(target));
    if (fail) throw std::runtime_error("transfer_leadership refused: 500");
    return {2, target, 7};
  }
};

struct Steps : StepObserver {
  std::vector<std::string> lines;
  void begin(const StepEvent& e) override {
    if (e.step == "transfer") lines.push_back("begin " + e.host + ": " + e.detail);
  }
  void end(const StepEvent& e, const StepOutcome& o) override {
    if (e.step == "transfer") lines.push_back(std::string(o.ok ? "ok " : "failed ") + e.host);
  }
};

ApplyOptions fast() {
  ApplyOptions options;
  options.poll_interval = std::chrono::milliseconds(1);
  return options;
}

TEST(LeaderHandover, ExecutorTransfersRightBeforeTheLeadersStop) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  TransferringTarget target(fleet, 2);
  Steps steps;
  const ApplyReport report = Executor(target, {&steps}, fast(), nullptr).run();
  ASSERT_EQ(report.exit_code, kApplyOk) << ::testing::PrintToString(report.happened);
  const auto transfer = std::find(target.calls.begin(), target.calls.end(), "transfer zk2 1");
  ASSERT_NE(transfer, target.calls.end()) << ::testing::PrintToString(target.calls);
  EXPECT_EQ(*(transfer + 1), "stop zk2");
  EXPECT_EQ(steps.lines,
            (std::vector<std::string>{
                "begin zk2: hand leadership to zk1 (myid 1) before the restart", "ok zk2"}));
  EXPECT_NE(std::find(report.happened.begin(), report.happened.end(),
                      "east/zk2: leadership handed to myid 1 in 7 ms"),
            report.happened.end());
}

TEST(LeaderHandover, FailedTransferWarnsAndRestartsTheLeaderAnyway) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  TransferringTarget target(fleet, 2);
  target.fail = true;
  Steps steps;
  const ApplyReport report = Executor(target, {&steps}, fast(), nullptr).run();
  EXPECT_EQ(report.exit_code, kApplyOk);
  EXPECT_EQ(target.hosts_of("stop"), (std::vector<std::string>{"zk1", "zk3", "zk2"}));
  EXPECT_EQ(steps.lines.back(), "failed zk2");
  EXPECT_TRUE(std::any_of(report.happened.begin(), report.happened.end(), [](const auto& l) {
    return l.starts_with("warning: east/zk2: leadership transfer failed");
  }));
}

TEST(LeaderHandover, ServerWithoutTransferIsJournalledAsSkipped) {
  test::Fleet fleet = test::converged(3, 2);
  fleet.set_config("maxClientCnxns=100");
  test::SimulatedTarget target(fleet, 2);
  Steps steps;
  ASSERT_EQ(Executor(target, {&steps}, fast(), nullptr).run().exit_code, kApplyOk);
  EXPECT_EQ(steps.lines,
            (std::vector<std::string>{
                "begin zk2: skipped: the server on zk2 offers no leadership transfer", "ok zk2"}));
}

}  // namespace
}  // namespace zkd
