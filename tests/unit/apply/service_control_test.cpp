#include "orchestrator/apply/service_control.hpp"

#include <gtest/gtest.h>

#include "orchestrator/render/service_unit.hpp"
#include "tests/unit/apply/scripted_transport.hpp"

namespace zkd {
namespace {

using Argv = std::vector<std::string>;

Host host_of(ServiceManager manager, ArtifactKind kind) {
  Host host;
  host.name = "zk1";
  host.cluster = "east";
  host.install_root = "/opt/zkdeploy";
  host.service.manager = manager;
  host.artifact.kind = kind;
  host.artifact.java = "/usr/bin/java";
  host.config["dataDir"].value = "/opt/zkdeploy/east/data";
  return host;
}

TEST(ServiceControl, SystemdLinksReloadsEnablesAndStartsTheUnit) {
  const Host host = host_of(ServiceManager::systemd, ArtifactKind::zkserver);
  auto service = make_service_control(host);
  test::ScriptedTransport t;
  service->start(t);
  service->stop(t);
  t.results.push_back({3, "", "", ""});
  EXPECT_FALSE(service->running(t));
  const std::string unit = "/opt/zkdeploy/east/conf/zkdeploy-east.service";
  EXPECT_EQ(t.commands, (std::vector<Argv>{
                            {"systemctl", "link", unit},
                            {"systemctl", "daemon-reload"},
                            {"systemctl", "enable", "zkdeploy-east.service"},
                            {"systemctl", "start", "zkdeploy-east.service"},
                            {"systemctl", "stop", "zkdeploy-east.service"},
                            {"systemctl", "is-active", "--quiet", "zkdeploy-east.service"},
                        }));
}

TEST(ServiceControl, SystemdFailureNamesTheHost) {
  auto service = make_service_control(host_of(ServiceManager::systemd, ArtifactKind::zkserver));
  test::ScriptedTransport t;
  t.results.push_back({1, "", "", "Failed to link unit"});
  try {
    service->start(t);
    FAIL() << "expected a TransportError";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("zk1"), std::string::npos) << e.what();
  }
}

TEST(ServiceControl, DirectStartPassesTheServerCommandAsArguments) {
  const Host host = host_of(ServiceManager::direct, ArtifactKind::zkserver);
  auto service = make_service_control(host);
  test::ScriptedTransport t;
  service->start(t);
  ASSERT_EQ(t.commands.size(), 1u);
  const Argv& argv = t.commands[0];
  ASSERT_GE(argv.size(), 5u);
  EXPECT_EQ(argv[0], "sh");
  EXPECT_NE(argv[2].find("setsid"), std::string::npos);
  EXPECT_EQ(argv[4], "/opt/zkdeploy/east");
  EXPECT_EQ(Argv(argv.begin() + 5, argv.end()), server_command(host));
  t.results.push_back({76, "", "", "still running"});
  EXPECT_THROW(service->stop(t), TransportError);
}

}  // namespace
}  // namespace zkd
