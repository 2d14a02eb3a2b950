// zkload against a real Apache ZooKeeper 3.8 standalone server on loopback: every phase
// reports exactly the requested number of successful operations, failures are counted (not
// hidden), and the command prints a JSON report with the same counts.
#include "tests/bench/zkload.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "tests/compat/zkload/apache_zookeeper.hpp"

namespace zks::zkload {
namespace {

class ZkloadAgainstApacheZooKeeper : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::ApacheZooKeeper("127.0.3.21");
    std::string error;
    if (!server_->Start(60, &error)) {
      delete server_;
      server_ = nullptr;
      FAIL() << error;
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_, nullptr) << "Apache ZooKeeper did not start"; }

  LoadOptions Options(int clients, const std::string& root) {
    LoadOptions o;
    o.connect = server_->connect();
    o.clients = clients;
    o.inflight = 100;
    o.znodes = 2000;
    o.root = root;
    o.timeout_seconds = 60;
    return o;
  }

  static testing::ApacheZooKeeper* server_;
};

testing::ApacheZooKeeper* ZkloadAgainstApacheZooKeeper::server_ = nullptr;

void ExpectAllOk(const LoadReport& report, uint64_t znodes) {
  ASSERT_EQ(report.ops.size(), 4u);
  const char* names[] = {"create", "set", "get", "delete"};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(report.ops[i].op, names[i]);
    EXPECT_EQ(report.ops[i].ok, znodes) << names[i];
    EXPECT_EQ(report.ops[i].errors, 0u) << names[i];
    EXPECT_GT(report.ops[i].ops_per_second, 0);
    EXPECT_LE(report.ops[i].p50_ms, report.ops[i].p99_ms);
  }
}

TEST_F(ZkloadAgainstApacheZooKeeper, OneClientCompletesEveryOperation) {
  LoadReport report;
  std::string error;
  ASSERT_TRUE(RunLoad(Options(1, "/zkload-one"), &report, &error)) << error;
  ExpectAllOk(report, 2000);
}

TEST_F(ZkloadAgainstApacheZooKeeper, EightClientsSplitTheZnodes) {
  LoadReport report;
  std::string error;
  LoadOptions o = Options(8, "/zkload-eight");
  o.znodes = 2003;  // not a multiple of 8
  ASSERT_TRUE(RunLoad(o, &report, &error)) << error;
  ExpectAllOk(report, 2003);
}

TEST_F(ZkloadAgainstApacheZooKeeper, FailuresAreCounted) {
  LoadOptions o = Options(2, "/zkload-fail");
  o.ops = {"get", "create", "create", "delete", "delete"};
  o.znodes = 300;
  LoadReport report;
  std::string error;
  ASSERT_TRUE(RunLoad(o, &report, &error)) << error;
  ASSERT_EQ(report.ops.size(), 5u);
  EXPECT_EQ(report.ops[0].errors, 300u);  // no such znodes yet
  EXPECT_EQ(report.ops[1].ok, 300u);
  EXPECT_EQ(report.ops[2].errors, 300u);  // they exist now
  EXPECT_EQ(report.ops[3].ok, 300u);
  EXPECT_EQ(report.ops[4].errors, 300u);
  EXPECT_NE(FormatReport(o, report).find("first error"), std::string::npos);
}

TEST_F(ZkloadAgainstApacheZooKeeper, CommandPrintsTheCountsAsJson) {
  const std::string command = std::string(ZKS_ZKLOAD) + " --connect " + server_->connect() +
                              " --clients 2 --inflight 50 --znodes 500 --value-size 10" +
                              " --ops create,get,delete --root /zkload-cli --json";
  FILE* p = ::popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ASSERT_EQ(::pclose(p), 0) << out;
  nlohmann::json report = nlohmann::json::parse(out);
  ASSERT_EQ(report["ops"].size(), 3u);
  for (const auto& op : report["ops"]) {
    EXPECT_EQ(op["ok"], 500) << op.dump();
    EXPECT_EQ(op["errors"], 0) << op.dump();
  }
}

}  // namespace
}  // namespace zks::zkload
