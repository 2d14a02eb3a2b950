// The plan and status printers against golden files, and the JSON form's schema and secrecy.
#include <gtest/gtest.h>

#include <regex>

#include "orchestrator/plan/plan_json.hpp"
#include "orchestrator/plan/plan_printer.hpp"
#include "orchestrator/plan/planner.hpp"
#include "orchestrator/plan/status_printer.hpp"
#include "tests/unit/plan/fleet.hpp"
#include "tests/unit/plan/golden.hpp"

namespace zkd {
namespace {

using test::expect_golden;
using test::Fleet;

Plan plan_of(const Fleet& fleet, PlanOptions options = {}) {
  return make_plan(fleet.desired, fleet.observed, options);
}

// A rolling upgrade: new binary (already on zk3), a config change, a secret rotation, one
// chmod; zk1 lags the leader by 2 (allowed).
Fleet rolling_upgrade() {
  Fleet fleet = test::converged(3);
  fleet.want(1).rollout.max_zxid_lag = 2;
  fleet.have(1).status.zxid = *fleet.have(1).status.zxid - 2;
  for (DesiredHost& host : fleet.desired) {
    host.release.sha256 = test::kNewSha;
    host.release.version = "0.2.0";
    host.files[0].content = test::zoo_cfg(3, "r0tated");
  }
  fleet.set_config("tickTime=3000");
  fleet.have(3).releases.push_back("fedcba987654");
  fleet.have(2).files["/opt/zkdeploy/east/data/myid"].mode = 0600;
  return fleet;
}

// A degraded ensemble that also drops a server, while another apply holds the lock.
Fleet refused_change() {
  Fleet fleet = test::converged(4, 1);
  Fleet three = test::converged(3, 1);
  fleet.desired = three.desired;
  fleet.observed.pop_back();
  fleet.set_config("maxClientCnxns=100");
  fleet.stop(3);
  fleet.have(2).lock_holder = "bob@ops2 pid 77";
  fleet.have(2).status.zxid = 0x100000001;
  return fleet;
}

TEST(PlanPrinter, FreshInstall) {
  expect_golden("plan_fresh.txt", render_plan(plan_of(test::fresh(3)), {}));
}

TEST(PlanPrinter, NothingToDo) {
  expect_golden("plan_noop.txt", render_plan(plan_of(test::converged(3)), {}));
}

TEST(PlanPrinter, RollingUpgrade) {
  const Plan plan = plan_of(rolling_upgrade());
  ASSERT_TRUE(plan.verdict.safe) << plan.verdict.reasons.front();
  expect_golden("plan_rolling.txt", render_plan(plan, {}));
}

TEST(PlanPrinter, Refused) {
  Fleet fleet = refused_change();
  Fleet west = test::converged(1, 1);
  for (DesiredHost& host : west.desired) host.cluster = "west", host.name = "solo";
  west.observed[0].name = "solo";
  west.observed[0].reachable = false;
  west.observed[0].error = "ssh solo:22: host key mismatch";
  fleet.desired.push_back(west.desired[0]);
  fleet.observed.push_back(west.observed[0]);
  expect_golden("plan_refused.txt", render_plan(plan_of(fleet), {}));
}

TEST(PlanPrinter, ColourOnlyAddsEscapes) {
  const Plan plan = plan_of(rolling_upgrade());
  const std::string coloured = render_plan(plan, {.colour = true});
  EXPECT_NE(coloured.find("\033[32m+tickTime=3000\033[0m"), std::string::npos);
  EXPECT_EQ(std::regex_replace(coloured, std::regex("\033\\[[0-9;]*m"), ""), render_plan(plan, {}));
}

TEST(StatusPrinter, HealthyAndDegraded) {
  expect_golden("status_healthy.txt", render_status(plan_of(rolling_upgrade()), {}));
  expect_golden("status_degraded.txt", render_status(plan_of(refused_change()), {}));
}

TEST(PlanJson, CarriesTheSchemaAndNoSecret) {
  const Plan plan = plan_of(rolling_upgrade());
  const nlohmann::json json = plan_to_json(plan);
  EXPECT_EQ(json["format_version"], 1);
  EXPECT_EQ(json["has_changes"], true);
  EXPECT_EQ(json["summary"], (nlohmann::json{{"add", 0}, {"change", 3}, {"restart", 3}}));
  const nlohmann::json& east = json["clusters"][0];
  EXPECT_EQ(east["leader"], "zk2");
  EXPECT_EQ(east["order"][2], (nlohmann::json{{"host", "zk2"}, {"action", "restart"}}));
  const nlohmann::json& zk2 = east["hosts"][1];
  EXPECT_EQ(zk2["release"]["from"], "0123456789ab");
  EXPECT_EQ(zk2["release"]["upload"], true);
  EXPECT_EQ(zk2["files"][1]["action"], "chmod");
  EXPECT_EQ(zk2["files"][1]["mode_before"], "0600");
  EXPECT_EQ(zk2["observed"]["zxid"], "0x100000010");
  EXPECT_EQ(zk2["health"]["reason"], nullptr);
  EXPECT_EQ(east["hosts"][0]["health"]["zxid_lag"], 2);
  const std::string text = json.dump();
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
  EXPECT_EQ(text.find("r0tated"), std::string::npos);
}

TEST(PlanJson, NothingToDoIsExplicit) {
  const nlohmann::json json = plan_to_json(plan_of(test::converged(1, 1)));
  EXPECT_EQ(json["has_changes"], false);
  EXPECT_EQ(json["verdict"]["safe"], true);
  EXPECT_EQ(json["clusters"][0]["hosts"][0]["release"], nullptr);
  EXPECT_EQ(json["clusters"][0]["hosts"][0]["files"], nlohmann::json::array());
  EXPECT_EQ(json["clusters"][0]["rollout"]["health_timeout_seconds"], 60);
}

TEST(PlanPrinter, NoChangesOnlyOnTheReachableHosts) {
  Fleet fleet = test::converged(3);
  fleet.have(3).reachable = false;
  fleet.have(3).error = "timed out";
  const std::string text = render_plan(plan_of(fleet), {});
  EXPECT_NE(text.find("No changes. The reachable hosts match the inventory.\n"), std::string::npos);
  EXPECT_NE(text.find("Refused:"), std::string::npos);
}

}  // namespace
}  // namespace zkd
