// The Apache ZooKeeper C client (libzookeeper_mt) against a 3-member zkserver ensemble on
// loopback (127.0.11.0/24 - 127.0.19.0/24): a handle given every member's address keeps its
// session and ephemerals when its server is killed and it reconnects to another, and a write
// through one member is read through the others.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/compat/server/zkserver_process.hpp"

namespace {

using namespace std::chrono_literals;
using zks::testing::four_letter_word;
using zks::testing::free_port;

struct Member {
  int id = 0;
  std::string host;
  int client_port = 0, quorum_port = 0, election_port = 0;
  pid_t pid = -1;
  std::string address() const { return host + ":" + std::to_string(client_port); }
};

// Three zkserver processes, started by fork/exec and stopped by PID.
class Ensemble {
 public:
  Ensemble() {
    std::random_device rd;
    const int block = 11 + int(rd() % 9), base = 1 + int(rd() % 200);
    dir_ = std::filesystem::temp_directory_path() / ("zks-c-ensemble-" + std::to_string(getpid()));
    std::string lines;
    for (int i = 0; i < 3; ++i) {
      Member m;
      m.id = i + 1;
      m.host = "127.0." + std::to_string(block) + "." + std::to_string(base + i);
      m.client_port = free_port(m.host);
      m.quorum_port = free_port(m.host);
      m.election_port = free_port(m.host);
      lines += "server." + std::to_string(m.id) + "=" + m.host + ":" +
               std::to_string(m.quorum_port) + ":" + std::to_string(m.election_port) + "\n";
      members_.push_back(m);
    }
    for (const Member& m : members_) {
      auto data = dir_ / ("s" + std::to_string(m.id)) / "data";
      std::filesystem::create_directories(data);
      std::ofstream(data / "myid") << m.id << "\n";
      std::ofstream(data.parent_path() / "zoo.cfg")
          << "tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=" << data.string()
          << "\nclientPort=" << m.client_port << "\nclientPortAddress=" << m.host
          << "\n4lw.commands.whitelist=*\n"
          << lines;
    }
  }
  ~Ensemble() {
    for (Member& m : members_) kill_member(m);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void start(Member& m, const char* binary) {
    auto home = dir_ / ("s" + std::to_string(m.id));
    m.pid = fork();
    if (m.pid == 0) {
      FILE* f = freopen((home / "server.log").c_str(), "a", stdout);
      (void)f;
      dup2(STDOUT_FILENO, STDERR_FILENO);
      execl(binary, binary, (home / "zoo.cfg").c_str(), nullptr);
      _exit(127);
    }
  }
  void kill_member(Member& m) {
    if (m.pid <= 0) return;
    kill(m.pid, SIGKILL);
    waitpid(m.pid, nullptr, 0);
    m.pid = -1;
  }
  std::string mode(const Member& m) const {
    std::string out = four_letter_word(m.host, m.client_port, "srvr");
    auto at = out.find("Mode: ");
    return at == std::string::npos ? "" : out.substr(at + 6, out.find('\n', at) - at - 6);
  }
  bool serving() const {
    for (const Member& m : members_) {
      if (m.pid > 0 && mode(m).empty()) return false;
    }
    return true;
  }
  std::string connect_string() const {
    std::string s;
    for (const Member& m : members_) s += (s.empty() ? "" : ",") + m.address();
    return s;
  }
  Member* by_address(const std::string& address) {
    for (Member& m : members_) {
      if (address == m.address()) return &m;
    }
    return nullptr;
  }
  std::vector<Member>& members() { return members_; }

 private:
  std::filesystem::path dir_;
  std::vector<Member> members_;
};

template <typename Pred>
bool poll_until(Pred pred, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);  // polling interval, not a wait
  }
  return pred();
}

std::atomic<int> g_state{0};
void watcher(zhandle_t*, int type, int state, const char*, void*) {
  if (type == ZOO_SESSION_EVENT) g_state = state;
}

class CClientEnsemble : public ::testing::Test {
 protected:
  void SetUp() override {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    for (Member& m : ens_.members()) ens_.start(m, ZKSERVER_BINARY);
    ASSERT_TRUE(poll_until([&] { return ens_.serving(); }, 20s)) << "ensemble did not form";
  }
  void TearDown() override {
    for (zhandle_t* h : handles_) zookeeper_close(h);
  }
  zhandle_t* open(const std::string& hosts) {
    zhandle_t* zh = zookeeper_init(hosts.c_str(), watcher, 6000, nullptr, nullptr, 0);
    EXPECT_NE(zh, nullptr);
    EXPECT_TRUE(poll_until([&] { return zoo_state(zh) == ZOO_CONNECTED_STATE; }, 10s));
    handles_.push_back(zh);
    return zh;
  }
  std::string get(zhandle_t* zh, const std::string& path) {
    char buf[256];
    int len = sizeof buf;
    if (zoo_get(zh, path.c_str(), 0, buf, &len, nullptr) != ZOK) return "<missing>";
    return std::string(buf, static_cast<size_t>(std::max(len, 0)));
  }

  Ensemble ens_;
  std::vector<zhandle_t*> handles_;
};

TEST_F(CClientEnsemble, WriteThroughOneMemberReadThroughTheOthers) {
  zhandle_t* writer = open(ens_.members()[0].address());
  ASSERT_EQ(zoo_create(writer, "/c", "v1", 2, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), ZOK);
  for (size_t i = 1; i < 3; ++i) {
    zhandle_t* reader = open(ens_.members()[i].address());
    // A follower applies the write once the leader's commit reaches it: poll briefly.
    EXPECT_TRUE(poll_until([&] { return get(reader, "/c") == "v1"; }, 5s)) << i;
  }
}

TEST_F(CClientEnsemble, SessionAndEphemeralsSurviveTheLossOfItsServer) {
  zhandle_t* zh = open(ens_.connect_string());
  ASSERT_EQ(zoo_create(zh, "/eph", "e", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, nullptr, 0), ZOK);
  const int64_t session = zoo_client_id(zh)->client_id;
  for (int round = 0; round < 2; ++round) {
    Member* serving = ens_.by_address(zoo_get_current_server(zh));
    ASSERT_NE(serving, nullptr);
    const std::string lost = serving->address();
    ens_.kill_member(*serving);
    // The client notices, reconnects to a live member and resumes the same session.
    ASSERT_TRUE(poll_until(
        [&] {
          return zoo_state(zh) == ZOO_CONNECTED_STATE && lost != zoo_get_current_server(zh) &&
                 zoo_exists(zh, "/eph", 0, nullptr) == ZOK;
        },
        10s))
        << "round " << round;
    EXPECT_EQ(zoo_client_id(zh)->client_id, session);
    const std::string path = "/after-" + std::to_string(round);
    ASSERT_TRUE(poll_until(
        [&] {
          return zoo_create(zh, path.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0) == ZOK;
        },
        10s));
    ens_.start(*serving, ZKSERVER_BINARY);  // back for the next round's quorum
    ASSERT_TRUE(poll_until([&] { return ens_.serving(); }, 20s));
  }
  Stat st;
  ASSERT_EQ(zoo_exists(zh, "/eph", 0, &st), ZOK);
  EXPECT_EQ(st.ephemeralOwner, session);
}

}  // namespace
