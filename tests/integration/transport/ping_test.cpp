// zkdeploy ping's fan-out against real hosts, one of them unreachable.
#include "orchestrator/transport/ping.hpp"

#include <gtest/gtest.h>

#include "tests/harness/test_hosts.hpp"

namespace zkd {
namespace {

TEST(Ping, ReportsEveryHostReachableOrNot) {
  testing::TestHosts hosts(3);
  std::vector<PingTarget> targets;
  for (size_t i = 0; i < hosts.size(); ++i) {
    targets.push_back({hosts.target(i), hosts[i].install_root + "/not/yet/installed"});
  }
  PingTarget gone{hosts.target(0), "/"};
  gone.ssh.name = "gone";
  gone.ssh.address = hosts.unused_address();
  targets.push_back(gone);

  const auto results = ping_hosts(targets, 2);
  ASSERT_EQ(results.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(results[i].reachable) << results[i].error;
    EXPECT_EQ(results[i].name, hosts[i].name);
    EXPECT_EQ(results[i].os, "Linux");
    EXPECT_FALSE(results[i].arch.empty());
    ASSERT_TRUE(results[i].free_bytes.has_value());
    EXPECT_GT(*results[i].free_bytes, 0u);
    EXPECT_GT(results[i].connect_ms, 0);
  }
  EXPECT_FALSE(results[3].reachable);
  EXPECT_NE(results[3].error.find("cannot connect"), std::string::npos) << results[3].error;
  const std::string table = format_ping_table(results);
  EXPECT_NE(table.find("UNREACHABLE"), std::string::npos) << table;
}

}  // namespace
}  // namespace zkd
