// `zkdeploy plan` and `zkdeploy status`, the real command line against real SSH test hosts,
// on empty hosts and with a real Apache ZooKeeper 3.8 ensemble running on them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/state/artifact_digest.hpp"
#include "tests/harness/cli_run.hpp"
#include "tests/integration/plan/zookeeper_ensemble.hpp"

namespace zkd {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliRun;
using testing::TestHosts;
using testing::TestHostsOptions;
using testing::ZooKeeperEnsembles;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the zkdeploy binary; `args` are separated by single spaces (test paths only).
CliRun zkdeploy(const std::string& args, const TestHosts& hosts) {
  std::vector<std::string> argv = {ZKDEPLOY_BIN};
  std::istringstream words(args);
  for (std::string word; words >> word;) argv.push_back(word);
  return testing::run_cli(argv, hosts.dir());
}

json json_of(const CliRun& run) {
  return json::parse(run.out, nullptr, /*allow_exceptions=*/false);
}

std::string release_id_of_jars() {
  return release_id(digest_artifact("/usr/share/java").sha256);
}

// The +/- lines of a unified diff, without its ---/+++ headers.
std::vector<std::string> changed_lines(const std::string& diff) {
  std::vector<std::string> lines;
  std::istringstream in(diff);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("---") || line.starts_with("+++")) continue;
    if (line.starts_with('+') || line.starts_with('-')) lines.push_back(line);
  }
  return lines;
}

TEST(PlanStatus, EmptyHostsPlanAFullInstallAndStayUntouched) {
  TestHosts hosts(3, TestHostsOptions{"c1"});
  ZooKeeperEnsembles ensemble(hosts, 3);
  // A stray zoo.cfg with bytes of every kind on h1 (not UTF-8, NUL, no final newline).
  const std::string odd("a=1\n\0\xff\xfe\r\nend 1\n\x80", 16);
  fs::create_directories(fs::path(ensemble.zoo_cfg(0)).parent_path());
  std::ofstream(ensemble.zoo_cfg(0), std::ios::binary) << odd;
  const CliRun text = zkdeploy("--no-color plan " + ensemble.inventory(), hosts);
  EXPECT_EQ(text.status, 2) << text.out << text.err;
  for (size_t i = 0; i < hosts.size(); ++i) {
    EXPECT_NE(text.out.find(ensemble.zoo_cfg(i)), std::string::npos) << text.out;
  }
  EXPECT_NE(text.out.find("+tickTime=500"), std::string::npos) << text.out;

  const CliRun run = zkdeploy("--output json plan " + ensemble.inventory(), hosts);
  EXPECT_EQ(run.status, 2) << run.err;
  const json plan = json_of(run);
  ASSERT_TRUE(plan.is_object()) << run.out;
  EXPECT_TRUE(plan["has_changes"]);
  EXPECT_EQ(plan["summary"]["add"], 3);
  ASSERT_EQ(plan["clusters"].size(), 1u);
  const json& cluster = plan["clusters"][0];
  EXPECT_TRUE(cluster["first_install"]);
  const std::string id = release_id_of_jars();
  for (const json& host : cluster["hosts"]) {
    EXPECT_TRUE(host["observed"]["reachable"]) << host.dump();
    EXPECT_EQ(host["action"], "start");
    ASSERT_EQ(host["files"].size(), 2u);
    for (const json& file : host["files"]) {
      EXPECT_EQ(file["action"], file["path"] == ensemble.zoo_cfg(0) ? "update" : "create");
    }
    EXPECT_EQ(host["release"]["to"], id);
    EXPECT_TRUE(host["release"]["upload"]);
    EXPECT_EQ(host["release"]["kind"], "apache-zookeeper");
  }
  // plan reads only: the hosts' install roots hold nothing new.
  EXPECT_EQ(slurp(ensemble.zoo_cfg(0)), odd);
  fs::remove_all(hosts[0].install_root + "/c1");
  for (const auto& h : hosts.hosts()) EXPECT_TRUE(fs::is_empty(h.install_root)) << h.name;
}

TEST(PlanStatus, BadInventoryIsRefusedBeforeAnyHost) {
  TestHosts hosts(1, TestHostsOptions{"c1"});
  std::ofstream(hosts.dir() + "/bad.yaml") << "clusters:\n  c1:\n    hosts:\n      - { name: x }\n";
  const CliRun run = zkdeploy("--no-color plan " + hosts.dir() + "/bad.yaml", hosts);
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.err.find("bad.yaml:4:"), std::string::npos) << run.err;
  EXPECT_EQ(hosts.session_count(0), 0u);
}

TEST(PlanStatus, FollowsARunningZooKeeperEnsemble) {
  TestHosts hosts(3, TestHostsOptions{"c1"});
  ZooKeeperEnsembles ensemble(hosts, 3);
  ensemble.install();
  ensemble.start_all();
  ASSERT_TRUE(ensemble.wait_serving(std::chrono::seconds(90))) << "ensemble did not form";

  // Installed as the inventory says and healthy: nothing to do.
  const CliRun clean = zkdeploy("--no-color plan " + ensemble.inventory(), hosts);
  EXPECT_EQ(clean.status, 0) << clean.out << clean.err;

  // status names the real leader and followers.
  CliRun run = zkdeploy("--output json status " + ensemble.inventory(), hosts);
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  json status = json_of(run);
  ASSERT_TRUE(status.is_object()) << run.out;
  EXPECT_TRUE(status["healthy"]);
  const json& cluster = status["clusters"][0];
  for (size_t i = 0; i < hosts.size(); ++i) {
    const json& host = cluster["hosts"][i];
    EXPECT_EQ(host["name"], hosts[i].name);
    EXPECT_EQ(host["mode"], ensemble.mode(i)) << host.dump();
    EXPECT_TRUE(host["healthy"]) << host.dump();
    EXPECT_EQ(host["drift"], false);
    EXPECT_EQ(host["release"], release_id_of_jars());
    if (ensemble.mode(i) == "leader") {
      EXPECT_EQ(cluster["leader"], hosts[i].name);
    }
  }
  const CliRun table = zkdeploy("--no-color status " + ensemble.inventory(), hosts);
  EXPECT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("leader"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("follower"), std::string::npos) << table.out;

  // A hand edit of one host's zoo.cfg: plan shows exactly that diff, and that one restart.
  const size_t edited = 1;
  std::ofstream(ensemble.zoo_cfg(edited), std::ios::app) << "maxClientCnxns=7\n";
  run = zkdeploy("--output json plan " + ensemble.inventory(), hosts);
  EXPECT_EQ(run.status, 2) << run.err;
  json plan = json_of(run);
  ASSERT_TRUE(plan.is_object()) << run.out;
  for (size_t i = 0; i < hosts.size(); ++i) {
    const json& host = plan["clusters"][0]["hosts"][i];
    EXPECT_TRUE(host["release"].is_null()) << host.dump();
    if (i != edited) {
      EXPECT_TRUE(host["files"].empty()) << host.dump();
      EXPECT_EQ(host["action"], "none");
      continue;
    }
    ASSERT_EQ(host["files"].size(), 1u) << host.dump();
    EXPECT_EQ(host["files"][0]["path"], ensemble.zoo_cfg(i));
    EXPECT_EQ(changed_lines(host["files"][0]["diff"]),
              std::vector<std::string>{"-maxClientCnxns=7"});
    EXPECT_EQ(host["action"], "restart");
  }
  EXPECT_TRUE(plan["verdict"]["safe"]) << plan["verdict"].dump();

  // A stopped server: unhealthy in status, and the verdict refuses the restart.
  const size_t stopped = ensemble.mode(0) != "leader" ? 0 : 2;
  ensemble.stop(stopped);
  ASSERT_TRUE(ensemble.wait_serving(std::chrono::seconds(60)));
  run = zkdeploy("--output json status " + ensemble.inventory(), hosts);
  EXPECT_EQ(run.status, 3) << run.out << run.err;
  status = json_of(run);
  ASSERT_TRUE(status.is_object()) << run.out;
  EXPECT_FALSE(status["healthy"]);
  const json& down = status["clusters"][0]["hosts"][stopped];
  EXPECT_EQ(down["mode"], "stopped");
  EXPECT_FALSE(down["healthy"]);
  EXPECT_FALSE(down["reason"].get<std::string>().empty());

  run = zkdeploy("--output json plan " + ensemble.inventory(), hosts);
  EXPECT_EQ(run.status, 2) << run.err;
  plan = json_of(run);
  ASSERT_TRUE(plan.is_object()) << run.out;
  EXPECT_FALSE(plan["verdict"]["safe"]);
  EXPECT_FALSE(plan["verdict"]["reasons"].empty());
  const CliRun refused = zkdeploy("--no-color plan " + ensemble.inventory(), hosts);
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.out.find("Verdict: refused"), std::string::npos) << refused.out;
}

}  // namespace
}  // namespace zkd
