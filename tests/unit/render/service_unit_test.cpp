// The server command line (one for both service managers), systemd quoting, and when the
// rendered files include the unit.
#include "orchestrator/render/service_unit.hpp"

#include <gtest/gtest.h>

#include "orchestrator/render/renderer.hpp"

namespace zkd {
namespace {

using Argv = std::vector<std::string>;

constexpr const char* kZkserver = "{ path: /bin/true }";
constexpr const char* kJars =
    "{ kind: apache-zookeeper, path: /usr/share/java, java: /jdk/bin/java }";

// One host e1 of cluster "east" with the given artifact and service mappings.
LoadResult load(const std::string& artifact, const std::string& service = "{}") {
  LoadResult r = load_inventory_text(
      "defaults:\n  artifact: " + artifact + "\n  service: " + service +
          "\nclusters:\n  east:\n    hosts:\n      - { name: e1, address: 10.0.0.1, myid: 1 }\n",
      "s.yaml", "/");
  EXPECT_TRUE(r.ok());
  return r;
}

const Host& e1(const LoadResult& r) {
  return r.inventory.clusters.at(0).hosts.at(0);
}

TEST(ServiceUnit, NamesAndPathFollowTheCluster) {
  EXPECT_EQ(systemd_unit_name("east"), "zkdeploy-east.service");
  EXPECT_EQ(systemd_unit_path("/opt/zk", "east"), "/opt/zk/east/conf/zkdeploy-east.service");
}

TEST(ServiceUnit, ZkserverRunsFromTheCurrentRelease) {
  EXPECT_EQ(server_command(e1(load(kZkserver))),
            (Argv{"/opt/zkdeploy/east/current/zkserver", "/opt/zkdeploy/east/conf/zoo.cfg"}));
}

TEST(ServiceUnit, ApacheZooKeeperRunsTheJvmOnTheCurrentJars) {
  EXPECT_EQ(server_command(e1(load(kJars, "{ heap_size: 3G }"))),
            (Argv{"/jdk/bin/java", "-Xmx3072m", "-XX:+ExitOnOutOfMemoryError",
                  "-Dzookeeper.log.dir=/opt/zkdeploy/east/logs", "-cp",
                  "/opt/zkdeploy/east/conf:/opt/zkdeploy/east/current/*:"
                  "/opt/zkdeploy/east/current/lib/*",
                  "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                  "/opt/zkdeploy/east/conf/zoo.cfg"}));
  EXPECT_EQ(server_command(e1(load(kJars))).at(1), "-XX:+ExitOnOutOfMemoryError");  // no heap
}

TEST(ServiceUnit, HeapSizeUsesTheLargestExactUnit) {
  for (const auto& [size, flag] : std::vector<std::pair<std::string, std::string>>{
           {"64MiB", "-Xmx64m"}, {"1536KiB", "-Xmx1536k"}, {"1000000", "-Xmx1000000"}}) {
    EXPECT_EQ(server_command(e1(load(kJars, "{ heap_size: " + size + " }"))).at(1), flag) << size;
  }
}

TEST(ServiceUnit, SystemdCommandLineKeepsEveryWordLiteral) {
  EXPECT_EQ(systemd_command_line({"/a/zkserver", "/a/conf/zoo.cfg"}),
            "/a/zkserver /a/conf/zoo.cfg");
  EXPECT_EQ(systemd_command_line({"/x", "-cp", "/c:/r/*"}), "/x -cp /c:/r/*");
  // Spaces, quotes, backslashes, specifiers, variables, separators and control characters.
  EXPECT_EQ(systemd_command_line({"/x", "a b", "say \"hi\"", "c:\\d", "%h", "$HOME", ";", "a\nb",
                                  std::string("\x01", 1), ""}),
            "/x \"a b\" \"say \\\"hi\\\"\" \"c:\\\\d\" \"%%h\" \"$$HOME\" \";\" \"a\\nb\" "
            "\"\\x01\" \"\"");
}

TEST(ServiceUnit, RenderedOnlyUnderSystemd) {
  EXPECT_EQ(render_inventory(load(kZkserver).inventory).hosts.at(0).files.size(), 2u);
  const LoadResult systemd = load(kZkserver, "{ manager: systemd, user: zk }");
  const RenderResult r = render_inventory(systemd.inventory);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.hosts.at(0).files.size(), 3u);
  const RenderedFile& unit = r.hosts[0].files[2];
  EXPECT_EQ(unit.path, "/opt/zkdeploy/east/conf/zkdeploy-east.service");
  EXPECT_EQ(unit.mode, 0644u);
  EXPECT_EQ(unit.display, unit.content);
  EXPECT_NE(unit.content.find("\nUser=zk\n"), std::string::npos) << unit.content;
  EXPECT_NE(unit.content.find("\nExecStart=/opt/zkdeploy/east/current/zkserver "
                              "/opt/zkdeploy/east/conf/zoo.cfg\nRestart=on-failure\n"),
            std::string::npos)
      << unit.content;
  const RenderResult jvm =
      render_inventory(load(kJars, "{ manager: systemd, stop_timeout: 1m }").inventory);
  const std::string& jvm_unit = jvm.hosts.at(0).files.at(2).content;
  EXPECT_NE(jvm_unit.find("\nSuccessExitStatus=143\nRestart=on-failure\n"), std::string::npos)
      << jvm_unit;
  EXPECT_NE(jvm_unit.find("\nTimeoutStopSec=60000ms\n"), std::string::npos) << jvm_unit;
}

}  // namespace
}  // namespace zkd
