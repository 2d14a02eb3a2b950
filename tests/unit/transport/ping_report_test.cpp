#include <gtest/gtest.h>

#include "orchestrator/transport/ping.hpp"

namespace zkd {
namespace {

TEST(PingProbe, ParsesOsArchAndFreeSpace) {
  PingResult r;
  parse_ping_probe(
      "Linux x86_64\nFilesystem 1024-blocks Used Available Capacity Mounted on\n"
      "/dev/sda1  1000  400  600  40% /\n",
      r);
  EXPECT_EQ(r.os, "Linux");
  EXPECT_EQ(r.arch, "x86_64");
  ASSERT_TRUE(r.free_bytes.has_value());
  EXPECT_EQ(*r.free_bytes, 600u * 1024);
}

TEST(PingProbe, RejectsUnexpectedOutput) {
  PingResult r;
  EXPECT_THROW(parse_ping_probe("Linux\n", r), std::runtime_error);
  EXPECT_THROW(parse_ping_probe("Linux x86_64\nFilesystem\ndf: no such file\n", r),
               std::runtime_error);
}

TEST(PingProbe, InstallRootIsAnOperandNotScriptText) {
  const auto argv = ping_probe_argv("/opt/$(reboot)");
  EXPECT_EQ(argv.back(), "/opt/$(reboot)");
  EXPECT_EQ(argv[2].find("reboot"), std::string::npos);
}

std::vector<PingResult> sample() {
  PingResult up;
  up.name = "zk1";
  up.address = "10.0.0.1";
  up.reachable = true;
  up.connect_ms = 31.25;
  up.rtt_ms = 2.5;
  up.os = "Linux";
  up.arch = "x86_64";
  up.free_bytes = 3ull << 30;
  PingResult down;
  down.name = "zk2";
  down.address = "10.0.0.2";
  down.error = "zk2 (root@10.0.0.2:22): cannot connect: Connection refused";
  return {up, down};
}

TEST(PingReport, TableHasOneAlignedRowPerHostAndTheErrors) {
  const std::string table = format_ping_table(sample());
  EXPECT_NE(table.find("HOST  ADDRESS   STATUS"), std::string::npos) << table;
  EXPECT_NE(table.find("zk1   10.0.0.1  ok"), std::string::npos) << table;
  EXPECT_NE(table.find("31.2"), std::string::npos) << table;
  EXPECT_NE(table.find("3.0 GiB"), std::string::npos) << table;
  EXPECT_NE(table.find("zk2   10.0.0.2  UNREACHABLE"), std::string::npos) << table;
  EXPECT_NE(table.find("\nzk2 (root@10.0.0.2:22): cannot connect"), std::string::npos) << table;
}

TEST(PingReport, JsonCarriesFiguresAndErrors) {
  const auto j = ping_json(sample());
  ASSERT_EQ(j["hosts"].size(), 2u);
  EXPECT_EQ(j["hosts"][0]["host"], "zk1");
  EXPECT_EQ(j["hosts"][0]["reachable"], true);
  EXPECT_EQ(j["hosts"][0]["free_bytes"], 3ull << 30);
  EXPECT_EQ(j["hosts"][1]["reachable"], false);
  EXPECT_NE(j["hosts"][1]["error"].get<std::string>().find("Connection refused"),
            std::string::npos);
}

}  // namespace
}  // namespace zkd
