#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "server/config/server_config.hpp"

namespace zks {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_config(text, "zoo.cfg");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, ParsesZooKeeperKeysAndDefaults) {
  auto c = parse_config(
      "# comment\ntickTime=3000\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nclientPort=2181\n"
      "maxClientCnxns=7\nsnapCount=1000\nautopurge.snapRetainCount=5\n"
      "autopurge.purgeInterval=1\n4lw.commands.whitelist=ruok, mntr\njute.maxbuffer=2048\n"
      "server.1=10.0.0.1:2888:3888\nserver.2=h2:2888:3888:observer;2181\nforceSync=no\n"
      "admin.enableServer=false\n",
      "zoo.cfg");
  EXPECT_EQ(c.tick_time, 3000);
  EXPECT_EQ(c.data_log_dir, "/d");
  EXPECT_EQ(c.min_session_timeout, 6000);
  EXPECT_EQ(c.max_session_timeout, 60000);
  EXPECT_EQ(c.max_client_cnxns, 7);
  EXPECT_EQ(c.snap_count, 1000);
  EXPECT_EQ(c.snap_retain_count, 5);
  EXPECT_EQ(c.purge_interval_hours, 1);
  EXPECT_EQ(c.four_letter_words, (std::set<std::string>{"ruok", "mntr"}));
  EXPECT_EQ(c.jute_max_buffer, 2048);
  EXPECT_FALSE(c.force_sync);
  ASSERT_EQ(c.servers.size(), 2u);
  EXPECT_EQ(c.servers[1].role, "observer");
  EXPECT_EQ(c.servers[1].client_port, 2181);
  EXPECT_TRUE(c.warnings.empty());
}

TEST(Config, DefaultWhitelistIsSrvrAndStarMeansAll) {
  EXPECT_EQ(parse_config("dataDir=/d\nclientPort=1\n", "z").four_letter_words,
            std::set<std::string>{"srvr"});
  auto all = parse_config("dataDir=/d\nclientPort=1\n4lw.commands.whitelist=*\n", "z");
  EXPECT_TRUE(all.four_letter_words.contains("mntr"));
  EXPECT_TRUE(all.four_letter_words.contains("envi"));
}

TEST(Config, BadValuesNameFileLineAndKey) {
  EXPECT_EQ(error_of("dataDir=/d\nclientPort=1\n\ntickTime=abc\n"),
            "zoo.cfg:4: tickTime: expected an integer, got 'abc'");
  EXPECT_EQ(error_of("dataDir=/d\nclientPort=70000\n"),
            "zoo.cfg:2: clientPort: value 70000 out of range [0, 65535]");
  EXPECT_EQ(error_of("dataDir=/d\nclientPort=1\nserver.1=host:2888\n"),
            "zoo.cfg:3: server.1: expected host:quorumPort:electionPort[:participant|observer], "
            "got 'host:2888'");
  EXPECT_EQ(error_of("dataDir=/d\nclientPort=1\nforceSync=maybe\n"),
            "zoo.cfg:3: forceSync: expected yes or no, got 'maybe'");
  EXPECT_EQ(error_of("dataDir=/d\nclientPort\n"),
            "zoo.cfg:2: expected key=value, got 'clientPort'");
  EXPECT_EQ(error_of("clientPort=1\n"), "zoo.cfg: dataDir is not set");
  EXPECT_EQ(error_of("dataDir=/d\nclientPort=1\nminSessionTimeout=9000\nmaxSessionTimeout=5000\n"),
            "zoo.cfg: minSessionTimeout 9000 is larger than maxSessionTimeout 5000");
}

TEST(Config, UnknownKeysWarnWithLine) {
  auto c = parse_config("dataDir=/d\nclientPort=1\nfrobnicate=yes\n", "zoo.cfg");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0], "zoo.cfg:3: unknown key 'frobnicate' ignored");
}

}  // namespace
}  // namespace zks

namespace zks {
namespace {

TEST(Config, ClientPortMayComeFromThisServersLine) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("zks-config-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "myid") << "2\n";
  std::ofstream(dir / "zoo.cfg") << "dataDir=" << dir.string()
                                 << "\nserver.1=h1:2888:3888;2181\n"
                                    "server.2=h2:2888:3888;127.0.11.2:2182\n";
  ServerConfig c = load_config((dir / "zoo.cfg").string());
  std::filesystem::remove_all(dir);
  EXPECT_EQ(c.client_port, 2182);
  EXPECT_EQ(c.client_port_address, "127.0.11.2");
  EXPECT_THROW(
      parse_config("dataDir=/d\nserver.1=h1:2888:3888\nserver.2=h2:2888:3888;2181\n", "zoo.cfg"),
      ConfigError);  // a line without a client port, and no clientPort key
}

}  // namespace
}  // namespace zks
