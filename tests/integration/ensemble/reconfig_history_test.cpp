// zkserver grown from 3 to 5 members and shrunk back to 3 by reconfig (through the ZooKeeper C
// client's zoo_reconfig), the leader among the removed, while a recorded workload runs
// (tests/support/zkhistory: registers and sets written and read by several sessions). The
// whole history must be linearizable (tests/support/lincheck) with every acknowledged write
// present. Loopback 127.0.0.61 - 127.0.0.65, ports 22181 (client), 22888, 23888.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <zookeeper/zookeeper.h>

#include <filesystem>
#include <iostream>

#include "tests/harness/child_process.hpp"
#include "tests/harness/test_hosts.hpp"
#include "tests/harness/text_file.hpp"
#include "tests/harness/zookeeper_process.hpp"
#include "tests/support/zkhistory/verify.hpp"
#include "tests/support/zkhistory/workload.hpp"

namespace zkd::testing {
namespace {

using std::chrono::seconds;

constexpr int kClientPort = 22181;
constexpr uint64_t kProgress = 150;  // acknowledged writes between two steps

struct Server {
  int id = 0;
  std::string host;
  std::string dir;
  pid_t pid = -1;

  std::string line() const {
    return "server." + std::to_string(id) + "=" + host + ":22888:23888:participant;" + host + ":" +
           std::to_string(kClientPort);
  }
  std::string address() const { return host + ":" + std::to_string(kClientPort); }
};

void watcher(zhandle_t*, int, int, const char*, void*) {}

class ReconfigHistoryTest : public ::testing::Test {
 protected:
  ReconfigHistoryTest() {
    char tmpl[] = "/tmp/zks-reconfig-XXXXXX";
    root_ = mkdtemp(tmpl);
    for (int id = 1; id <= 5; ++id) {
      Server s{id, "127.0.0.6" + std::to_string(id), root_ + "/s" + std::to_string(id)};
      std::filesystem::create_directories(s.dir + "/data");
      write_text_file(s.dir + "/data/myid", std::to_string(id) + "\n");
      servers_.push_back(s);
    }
    // Founders list the three; a joiner lists them and itself.
    for (auto& s : servers_) {
      std::string cfg =
          "tickTime=200\ninitLimit=10\nsyncLimit=5\nreconfigEnabled=true\n"
          "snapCount=200\n4lw.commands.whitelist=*\ndataDir=" +
          s.dir + "/data\nclientPort=" + std::to_string(kClientPort) +
          "\nclientPortAddress=" + s.host + "\n";
      for (int id = 1; id <= 3; ++id) cfg += servers_[id - 1].line() + "\n";
      if (s.id > 3) cfg += s.line() + "\n";
      write_text_file(s.dir + "/zoo.cfg", cfg);
    }
  }

  ~ReconfigHistoryTest() override {
    if (zh_) zookeeper_close(zh_);
    for (auto& s : servers_) stop(s);
    std::filesystem::remove_all(root_);
  }

  void start(Server& s) {
    s.pid = spawn_child({ZKSERVER_BINARY, s.dir + "/zoo.cfg"}, {}, s.dir + "/server.log");
  }
  static void stop(Server& s) {
    if (s.pid <= 0) return;
    kill(s.pid, SIGKILL);
    waitpid(s.pid, nullptr, 0);
    s.pid = -1;
  }

  std::string connect(const std::vector<int>& ids) const {
    std::string out;
    for (int id : ids) out += (out.empty() ? "" : ",") + servers_[id - 1].address();
    return out;
  }

  // The member reporting "leader" among `ids`, once there is one.
  int leader(const std::vector<int>& ids) {
    int found = 0;
    wait_until(
        [&] {
          for (int id : ids) {
            if (server_mode(servers_[id - 1].host, kClientPort) == "leader") found = id;
          }
          return found != 0;
        },
        seconds(20));
    return found;
  }

  void progress(const std::string& when) {
    const uint64_t target = workload_->acknowledged() + kProgress;
    ASSERT_TRUE(wait_until([&] { return workload_->acknowledged() >= target; }, seconds(30)))
        << "no progress " << when << ": " << workload_->acknowledged() << " of " << target;
  }

  // One reconfig through the C client; retried while its outcome is a connection loss.
  int reconfig(const char* joining, const char* leaving) {
    int rc = ZCONNECTIONLOSS;
    wait_until(
        [&] {
          char buf[4096];
          int len = sizeof buf;
          Stat stat;
          rc = zoo_reconfig(zh_, joining, leaving, nullptr, -1, buf, &len, &stat);
          return rc != ZCONNECTIONLOSS && rc != ZOPERATIONTIMEOUT;
        },
        seconds(20));
    return rc;
  }

  std::string root_;
  std::vector<Server> servers_;
  std::optional<zks::zkhistory::Workload> workload_;
  zhandle_t* zh_ = nullptr;
};

TEST_F(ReconfigHistoryTest, ThreeToFiveToThreeIsLinearizable) {
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  for (int id = 1; id <= 3; ++id) start(servers_[id - 1]);
  ASSERT_NE(leader({1, 2, 3}), 0) << read_text_file(servers_[0].dir + "/server.log");
  zks::zkhistory::WorkloadOptions load;
  load.connect = connect({1, 2, 3});
  workload_.emplace(load);
  std::string error;
  ASSERT_TRUE(workload_->setup(&error)) << error;
  workload_->start();
  progress("before the first change");
  zh_ = zookeeper_init(connect({1, 2, 3}).c_str(), watcher, 6000, nullptr, nullptr, 0);
  ASSERT_NE(zh_, nullptr);

  for (int id : {4, 5}) {
    start(servers_[id - 1]);
    ASSERT_TRUE(wait_until(
        [&] { return four_letter_word(servers_[id - 1].host, kClientPort, "ruok") == "imok"; },
        seconds(10)));
    ASSERT_EQ(reconfig(servers_[id - 1].line().c_str(), nullptr), ZOK) << "adding " << id;
    progress("after adding server " + std::to_string(id));
  }
  ASSERT_EQ(reconfig(nullptr, "5"), ZOK);
  progress("after removing server 5");
  const int old_leader = leader({1, 2, 3, 4});
  ASSERT_NE(old_leader, 0);
  ASSERT_EQ(reconfig(nullptr, std::to_string(old_leader).c_str()), ZOK);
  std::vector<int> remaining;
  for (int id : {1, 2, 3, 4}) {
    if (id != old_leader) remaining.push_back(id);
  }
  ASSERT_NE(leader(remaining), 0);
  progress("after removing the leader");

  workload_->stop();
  const zks::zkhistory::Verification v = zks::zkhistory::verify(*workload_, connect(remaining));
  std::cerr << v.summary() << "\n";
  EXPECT_TRUE(v.passed()) << v.summary();
}

}  // namespace
}  // namespace zkd::testing
