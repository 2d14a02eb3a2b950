// `zkdeploy ping` end to end: the real binary, an inventory, real sshd hosts.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/harness/process_tree.hpp"
#include "tests/harness/test_hosts.hpp"

namespace {

struct CliRun {
  int status;
  std::string out;
};

CliRun zkdeploy(const std::string& args) {
  const std::string cmd = std::string(ZKDEPLOY_BINARY) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The first line of text starting with prefix.
std::string line_of(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

TEST(PingCommand, ReportsEveryInventoryHostAsJson) {
  zkd::testing::TestHosts hosts(3);
  const CliRun run = zkdeploy("ping " + hosts.inventory() + " --forks 2 --output json");
  ASSERT_EQ(run.status, 0) << run.out;
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["hosts"].size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(j["hosts"][i]["host"], hosts[i].name);
    EXPECT_EQ(j["hosts"][i]["reachable"], true);
    EXPECT_EQ(j["hosts"][i]["os"], "Linux");
    EXPECT_GT(j["hosts"][i]["free_bytes"].get<uint64_t>(), 0u);
  }
}

TEST(PingCommand, UnreachableHostMakesItFailWithTheReason) {
  zkd::testing::TestHosts hosts(2);
  ::kill(hosts[1].sshd_pid, SIGKILL);
  ASSERT_TRUE(zkd::testing::wait_until([&] { return !zkd::testing::is_alive(hosts[1].sshd_pid); },
                                       std::chrono::seconds(5)));
  const CliRun run = zkdeploy("ping " + hosts.inventory());
  EXPECT_EQ(run.status, 1) << run.out;
  EXPECT_NE(line_of(run.out, "h1 ").find(" ok "), std::string::npos) << run.out;
  EXPECT_NE(line_of(run.out, "h2 ").find(" UNREACHABLE "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Connection refused"), std::string::npos) << run.out;
}

}  // namespace
