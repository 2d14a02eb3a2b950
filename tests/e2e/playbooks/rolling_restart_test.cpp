// playbooks/rolling-restart.ansible.yaml run for real by ansible-playbook: three sshd test
// hosts running an Apache ZooKeeper 3.8 ensemble in zkdeploy's layout. A degraded ensemble
// is refused before anything is touched; a healthy one gets every server restarted once,
// followers first and the leader last, each waited for until the ensemble is whole again.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/e2e/playbooks/ansible_run.hpp"
#include "tests/harness/process_tree.hpp"
#include "tests/integration/plan/zookeeper_ensemble.hpp"

namespace zkd::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

const std::string kPlaybook =
    std::string(ZKD_SOURCE_DIR) + "/playbooks/rolling-restart.ansible.yaml";

// The jars Apache ZooKeeper 3.8 needs beyond those zookeeper.jar's manifest names, and a
// logger: the playbook runs the server from its release (current/*), like zkdeploy does.
constexpr const char* kJars[] = {"zookeeper.jar", "zookeeper-jute.jar", "slf4j-api.jar",
                                 "slf4j-log4j12.jar", "log4j-1.2.jar"};

// Fills each host's release with the jars (as links) and puts a log4j configuration on the
// class path (conf/), logging to logs/zookeeper.log.
void provision_release(const TestHosts& hosts, const ZooKeeperEnsembles& zk) {
  for (size_t i = 0; i < hosts.size(); ++i) {
    const fs::path root = fs::path(zk.zoo_cfg(i)).parent_path().parent_path();
    for (const char* jar : kJars) {
      fs::create_symlink(fs::path("/usr/share/java") / jar, root / "current" / jar);
    }
    std::ofstream(root / "conf" / "log4j.properties")
        << "log4j.rootLogger=INFO, F\nlog4j.appender.F=org.apache.log4j.FileAppender\n"
           "log4j.appender.F.File=${zookeeper.log.dir}/zookeeper.log\n"
           "log4j.appender.F.layout=org.apache.log4j.PatternLayout\n"
           "log4j.appender.F.layout.ConversionPattern=%d %p [%t] %c{1}: %m%n\n";
  }
}

pid_t server_pid(const ZooKeeperEnsembles& zk, size_t i) {
  const fs::path pid_file =
      fs::path(zk.zoo_cfg(i)).parent_path().parent_path() / "run" / "zkserver.pid";
  pid_t pid = -1;
  std::ifstream(pid_file) >> pid;
  return pid;
}

TEST(PlaybookRollingRestart, RefusesADegradedEnsembleThenRestartsTheLeaderLast) {
  TestHosts hosts(3);
  ZooKeeperEnsembles zk(hosts, 3);
  zk.install();
  provision_release(hosts, zk);
  zk.start_all();
  ASSERT_TRUE(zk.wait_serving(seconds(60))) << "the ensemble did not form";
  const std::string inventory = write_ansible_inventory(hosts, zk.cluster_of(0));

  // A stopped follower: refused before any server is touched.
  size_t follower = 0;
  while (zk.mode(follower) != "follower") ++follower;
  zk.stop(follower);
  const PlaybookRun refused = run_playbook(hosts, inventory, kPlaybook, seconds(60));
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_NE(refused.output.find("the ensemble is not healthy"), std::string::npos)
      << refused.output;
  EXPECT_TRUE(refused.hosts_with("Stop the server", "changed").empty()) << refused.output;
  for (size_t i = 0; i < hosts.size(); ++i) EXPECT_EQ(zk.running(i), i != follower);
  zk.start(follower);
  ASSERT_TRUE(zk.wait_serving(seconds(60)));

  std::string leader;
  std::vector<pid_t> before;
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (zk.mode(i) == "leader") leader = hosts[i].name;
    before.push_back(server_pid(zk, i));
  }
  ASSERT_FALSE(leader.empty());

  const PlaybookRun run = run_playbook(hosts, inventory, kPlaybook, seconds(120));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::cout << "rolling restart of 3 servers by ansible-playbook: " << run.elapsed.count()
            << " ms\n";

  // One stop per server, the leader last; each one started and waited for before the next.
  const std::vector<std::string> stopped = run.hosts_with("Stop the server", "changed");
  ASSERT_EQ(stopped.size(), 3u) << run.output;
  EXPECT_EQ(stopped.back(), leader) << run.output;
  std::vector<std::string> sequence;  // "stop h2", "start h2", "healthy h2", ...
  for (const TaskResult& r : run.results) {
    if (r.task == "Stop the server" && r.status == "changed") sequence.push_back("stop " + r.host);
    if (r.task == "Start the server" && r.status == "changed")
      sequence.push_back("start " + r.host);
    if (r.task.starts_with("Wait until") && r.status == "ok")
      sequence.push_back("healthy " + r.host);
  }
  std::vector<std::string> expected;
  for (const std::string& h : stopped) {
    expected.insert(expected.end(), {"stop " + h, "start " + h, "healthy " + h});
  }
  EXPECT_EQ(sequence, expected) << run.output;

  // Every server runs a new process, and the ensemble is whole.
  for (size_t i = 0; i < hosts.size(); ++i) {
    const pid_t now = server_pid(zk, i);
    EXPECT_NE(now, before[i]) << hosts[i].name;
    EXPECT_TRUE(is_alive(now)) << hosts[i].name;
    EXPECT_FALSE(is_alive(before[i])) << hosts[i].name;
  }
  EXPECT_TRUE(zk.wait_serving(seconds(30)));
}

}  // namespace
}  // namespace zkd::testing
