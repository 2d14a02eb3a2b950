// Acceptance of rendered files by Apache ZooKeeper 3.8 (Debian's package): renders a
// three-node inventory, starts a real ensemble on loopback (127.0.1.21-23) from the rendered
// zoo.cfg and myid files, and requires every node to serve (srvr reports leader or follower)
// with the server list and four-letter-word whitelist the orchestrator's probes rely on.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/local_output.hpp"
#include "orchestrator/render/renderer.hpp"
#include "tests/harness/zookeeper_process.hpp"

namespace zkd {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// One Apache ZooKeeper JVM started from a rendered zoo.cfg; killed and reaped on destruction.
class ZooKeeperProcess {
 public:
  explicit ZooKeeperProcess(const Host& host)
      : log_(fs::path(host.logs_dir()) / "zookeeper.out"),
        pid_(testing::start_zookeeper(host.zoo_cfg_path(), host.logs_dir())) {}
  ~ZooKeeperProcess() {
    if (pid_ <= 0 || exited()) return;
    kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!exited() && Clock::now() < deadline) {
      pollfd none{};
      poll(&none, 0, 20);  // waiting for the child to exit; there is no fd to wait on
    }
    if (!exited()) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  ZooKeeperProcess(const ZooKeeperProcess&) = delete;
  ZooKeeperProcess& operator=(const ZooKeeperProcess&) = delete;

  // True once the JVM has exited (and is reaped).
  bool exited() {
    if (status_ >= 0) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return status_ >= 0;
  }
  std::string output() const { return read_file(log_); }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  int status_ = -1;
};

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/zkd-compat-render-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string inventory_text(const fs::path& root) {
  std::string hosts;
  for (int i = 1; i <= 3; ++i) {
    const std::string n = std::to_string(i);
    const std::string address = "127.0.1.2" + n;
    hosts += "      - { name: azk" + n + ", address: " + address + ", myid: " + n +
             ", install_root: " + (root / ("azk" + n)).string() +
             ", config: { clientPortAddress: " + address + " } }\n";
  }
  return "defaults:\n"
         "  artifact: { kind: apache-zookeeper, path: /usr/share/java }\n"
         "  config:\n"
         "    tickTime: 500ms\n"
         "    initLimit: 20\n"
         "    syncLimit: 10\n"
         "    clientPort: 2181\n"
         "    maxClientCnxns: 50\n"
         "    autopurge.snapRetainCount: 3\n"
         "    digest.token: { value: not-a-real-secret, secret: true }\n"
         "clusters:\n"
         "  apache:\n"
         "    hosts:\n" +
         hosts;
}

TEST(ApacheZooKeeper, ServesAnEnsembleFromRenderedFiles) {
  ASSERT_TRUE(fs::exists("/usr/share/java/zookeeper.jar")) << "Debian package zookeeper missing";
  TempDir tmp;
  const LoadResult loaded = load_inventory_text(inventory_text(tmp.path()), "compat.yaml", "/");
  ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty()
                                   ? ""
                                   : format_diagnostic(loaded.diagnostics[0]));
  const RenderResult rendered = render_inventory(loaded.inventory);
  ASSERT_TRUE(rendered.ok());
  for (const RenderedHost& h : rendered.hosts) {
    for (const RenderedFile& f : h.files) write_file_atomically(f.path, f.content, f.mode);
    fs::create_directories(h.host->logs_dir());
  }

  std::vector<std::unique_ptr<ZooKeeperProcess>> servers;
  for (const RenderedHost& h : rendered.hosts) {
    servers.push_back(std::make_unique<ZooKeeperProcess>(*h.host));
  }
  const auto deadline = Clock::now() + std::chrono::seconds(90);
  std::vector<std::string> modes(servers.size());
  for (size_t i = 0; i < servers.size(); ++i) {
    const Host& host = *rendered.hosts[i].host;
    while (Clock::now() < deadline) {
      ASSERT_FALSE(servers[i]->exited()) << host.name << " rejected its rendered zoo.cfg:\n"
                                         << read_file(host.zoo_cfg_path()) << "\n--- output:\n"
                                         << servers[i]->output();
      const std::string srvr = testing::four_letter_word(host.address, host.client_port, "srvr");
      if (srvr.find("Mode: leader") != std::string::npos) modes[i] = "leader";
      if (srvr.find("Mode: follower") != std::string::npos) modes[i] = "follower";
      if (!modes[i].empty()) break;
      pollfd none{};
      poll(&none, 0, 100);  // next probe; the deadline bounds the wait
    }
    ASSERT_FALSE(modes[i].empty()) << host.name << " never served; output:\n"
                                   << servers[i]->output();
  }
  EXPECT_EQ(std::count(modes.begin(), modes.end(), "leader"), 1);

  const Host& first = *rendered.hosts[0].host;
  const std::string conf = testing::four_letter_word(first.address, first.client_port, "conf");
  EXPECT_NE(conf.find("server.2=127.0.1.22:2888:3888:participant"), std::string::npos) << conf;
  EXPECT_NE(conf.find("tickTime=500"), std::string::npos) << conf;
  for (const char* word : {"ruok", "mntr", "isro", "envi", "cons", "stat"}) {
    const std::string reply = testing::four_letter_word(first.address, first.client_port, word);
    EXPECT_FALSE(reply.empty()) << word;
    EXPECT_EQ(reply.find("not in the whitelist"), std::string::npos) << word << ": " << reply;
  }
  EXPECT_EQ(read_file(first.myid_path()), "1\n");
}

}  // namespace
}  // namespace zkd
