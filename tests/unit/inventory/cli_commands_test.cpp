// The validate and render commands as a user runs them: exit codes, JSON output, host
// selection, written files, and secrets kept out of everything printed.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/unit/inventory/run_zkdeploy.hpp"

namespace zkd {
namespace {

namespace fs = std::filesystem;
using testing_support::run_zkdeploy;

const fs::path kSource(ZKD_SOURCE_DIR);
const fs::path kExamples = kSource / "inventories";

TEST(ValidateCommand, JsonListsEveryDiagnosticWithPosition) {
  const auto run = run_zkdeploy(kSource / "tests/inventories/bad",
                                {"validate", "34-many-problems-at-once.yaml", "--output", "json"});
  EXPECT_EQ(run.exit_code, 1);
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_FALSE(json["valid"].get<bool>());
  EXPECT_EQ(json["errors"].get<int>(), 13);
  const auto& first = json["diagnostics"][0];
  EXPECT_EQ(first["file"], "34-many-problems-at-once.yaml");
  EXPECT_EQ(first["line"], 2);
  EXPECT_EQ(first["column"], 28);
  EXPECT_EQ(first["key"], "defaults.ssh.port");
  EXPECT_EQ(first["severity"], "error");
}

TEST(ValidateCommand, JsonForAValidInventory) {
  const auto run = run_zkdeploy(kExamples, {"--output", "json", "validate", "five-node.yaml"});
  EXPECT_EQ(run.exit_code, 0) << run.out;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_TRUE(json["valid"].get<bool>());
  EXPECT_EQ(json["hosts"], 6);
  EXPECT_EQ(json["clusters"], 1);
}

TEST(ValidateCommand, UnknownOutputFormatIsRefused) {
  const auto run = run_zkdeploy(kExamples, {"--output", "xml", "validate", "local.yaml"});
  EXPECT_NE(run.exit_code, 0);
}

TEST(RenderCommand, PrintsOneHostWithSecretsRedacted) {
  const auto run = run_zkdeploy(kExamples, {"render", "multi-cluster.yaml", "--host", "zk-e1"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("==> zk-e1: /opt/zkdeploy/east/conf/zoo.cfg (mode 0600)\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("ssl.keyStore.password=<redacted>\n"), std::string::npos);
  EXPECT_NE(run.out.find("==> zk-e1: /opt/zkdeploy/east/data/myid (mode 0644)\n1\n"),
            std::string::npos);
  EXPECT_EQ(run.out.find("change-me-east"), std::string::npos);
  EXPECT_EQ(run.out.find("zk-e2"), std::string::npos);
}

TEST(RenderCommand, JsonIsRedactedToo) {
  const auto run = run_zkdeploy(kExamples, {"render", "multi-cluster.yaml", "--output", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.find("change-me-east"), std::string::npos);
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["hosts"].size(), 9u);
  EXPECT_EQ(json["hosts"][3]["host"], "zk-e1");
  EXPECT_EQ(json["hosts"][3]["files"][0]["mode"], "0600");
  EXPECT_TRUE(json["diagnostics"].is_array());
}

TEST(RenderCommand, UnknownHostSuggestsAName) {
  const auto run = run_zkdeploy(kExamples, {"render", "local.yaml", "--host", "zk4"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no host 'zk4' in local.yaml (did you mean 'zk1'?)"), std::string::npos)
      << run.err;
}

TEST(RenderCommand, InvalidInventoryPrintsErrorsAndFails) {
  const auto run =
      run_zkdeploy(kSource / "tests/inventories/bad", {"render", "13-duplicate-myid.yaml"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("13-duplicate-myid.yaml:8:47: error: clusters.main.hosts[2].myid"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "");
  const auto json = run_zkdeploy(kSource / "tests/inventories/bad",
                                 {"render", "13-duplicate-myid.yaml", "--output", "json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(json.out)["diagnostics"][0]["line"], 8);
}

TEST(RenderCommand, OutWritesRealFilesUnderHostDirectories) {
  char tmpl[] = "/tmp/zkd-render-out-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path out(tmpl);
  const auto run = run_zkdeploy(kExamples, {"render", "multi-cluster.yaml", "--out", out.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const fs::path cfg = out / "zk-e2/opt/zkdeploy/east/conf/zoo.cfg";
  EXPECT_NE(run.out.find("wrote " + cfg.string() + "\n"), std::string::npos) << run.out;
  std::ifstream in(cfg);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_NE(content.str().find("ssl.keyStore.password=change-me-east\n"), std::string::npos);
  EXPECT_EQ(fs::status(cfg).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_TRUE(fs::exists(out / "zk-w3/srv/zk/west/data/myid"));
  fs::remove_all(out);
}

}  // namespace
}  // namespace zkd
