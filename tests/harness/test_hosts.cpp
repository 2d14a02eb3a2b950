#include "tests/harness/test_hosts.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/harness/address_block.hpp"
#include "tests/harness/child_process.hpp"
#include "tests/harness/process_tree.hpp"
#include "tests/harness/text_file.hpp"

extern char** environ;

namespace zkd::testing {
namespace fs = std::filesystem;
namespace {

constexpr uint16_t kSshPort = 2222;
const char* kKeyCache = "/tmp/zkdeploy-test-keys";
const char* kMarker = "ZKD_TEST_HOSTS";

// An ed25519 key pair in the cache, generated once; concurrent test processes race safely
// (each generates under a private name, rename is atomic).
std::string cached_key(const std::string& name) {
  fs::create_directories(kKeyCache);
  const std::string path = std::string(kKeyCache) + "/" + name;
  if (fs::exists(path) && fs::exists(path + ".pub")) return path;
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  fs::remove(tmp);
  fs::remove(tmp + ".pub");
  run_command(
      {"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "zkdeploy-test", "-f", tmp});
  fs::rename(tmp + ".pub", path + ".pub");
  fs::rename(tmp, path);
  return path;
}

// /proc/net/tcp shows a LISTEN socket on address:port.
bool listening(const std::string& address, uint16_t port) {
  in_addr a{};
  ::inet_pton(AF_INET, address.c_str(), &a);
  char want[32];
  std::snprintf(want, sizeof want, "%08X:%04X", a.s_addr, port);
  std::ifstream in("/proc/net/tcp");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state;
    f >> slot >> local >> remote >> state;
    if (local == want && state == "0A") return true;
  }
  return false;
}

// Live harness instances, for teardown from signal handlers.
std::mutex registry_mutex;
std::vector<TestHosts*> registry;
struct sigaction previous[NSIG];

void stop_block_processes(const std::string& block, const std::vector<TestHost>& hosts) {
  const std::string marker = std::string(kMarker) + "=" + block;
  std::set<pid_t> pids = processes_with_env(marker);
  for (const auto& h : hosts) {
    if (h.sshd_pid <= 0) continue;
    pids.insert(h.sshd_pid);
    for (pid_t p : descendants(h.sshd_pid)) pids.insert(p);
  }
  // A daemon caught in the middle of an exec shows no environment for a moment, and one whose
  // session has ended is no descendant of sshd: scan again until a pass finds none left.
  for (int pass = 0; pass < 10 && !pids.empty(); ++pass) {
    kill_and_reap(pids, std::chrono::seconds(5));
    pids = processes_with_env(marker);
  }
}

}  // namespace

bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

namespace {
void on_fatal_signal(int sig) {
  // Best effort: the process is going down anyway, and leaving sshd behind is worse.
  const std::vector<TestHosts*> live = registry;
  for (TestHosts* h : live) h->shutdown();
  ::sigaction(sig, &previous[sig], nullptr);
  ::raise(sig);
}

void install_signal_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGABRT}) {
      struct sigaction sa {};
      sa.sa_handler = on_fatal_signal;
      ::sigaction(sig, &sa, &previous[sig]);
    }
  });
}
}  // namespace

TestHosts::TestHosts(int count, TestHostsOptions options) {
  if (count < 1 || count > 250) throw std::invalid_argument("TestHosts: 1..250 hosts");
  ::mkdir("/run/sshd", 0755);
  client_key_ = cached_key("id_ed25519");
  char tmpl[] = "/tmp/zkdeploy-hosts-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  try {
    claim_block(count);
    write_text_file(dir_ + "/authorized_keys", read_text_file(client_key_ + ".pub"));
    std::string known, inventory;
    inventory = "version: 1\ndefaults:\n  artifact: " + options.artifact +
                "\n  ssh: { user: root, port: " + std::to_string(kSshPort) +
                ", identity_file: " + client_key_ + ", known_hosts: " + dir_ +
                "/known_hosts, host_key_policy: strict }\n"
                "  config: { tickTime: 2000, initLimit: 10, syncLimit: 5, clientPort: 2181, "
                "quorumPort: 2888, electionPort: 3888 }\n"
                "clusters:\n  " +
                options.cluster + ":\n    hosts:\n";
    for (int i = 1; i <= count; ++i) {
      TestHost h;
      h.name = "h" + std::to_string(i);
      h.address = block_ + "." + std::to_string(i);
      h.install_root = dir_ + "/hosts/" + h.name;
      h.sshd_dir = dir_ + "/sshd/" + h.name;
      fs::create_directories(h.install_root);
      fs::create_directories(h.sshd_dir);
      const std::string host_key = cached_key("host_" + std::to_string(i));
      std::istringstream pub(read_text_file(host_key + ".pub"));
      std::string type, blob;
      pub >> type >> blob;
      known += "[" + h.address + "]:" + std::to_string(kSshPort) + " " + type + " " + blob + "\n";
      inventory += "      - { name: " + h.name + ", address: " + h.address +
                   ", myid: " + std::to_string(i) + ", install_root: " + h.install_root +
                   ", config: { clientPortAddress: " + h.address + " } }\n";
      hosts_.push_back(h);
    }
    known_hosts_ = dir_ + "/known_hosts";
    inventory_ = dir_ + "/inventory.yaml";
    write_text_file(known_hosts_, known);
    write_text_file(inventory_, inventory);
    {
      std::lock_guard lock(registry_mutex);
      registry.push_back(this);
    }
    install_signal_handlers();
    for (auto& h : hosts_) start(h, options);
    for (auto& h : hosts_) {
      const bool up =
          wait_until([&] { return listening(h.address, kSshPort) || !is_alive(h.sshd_pid); },
                     std::chrono::seconds(10));
      if (!up || !is_alive(h.sshd_pid)) {
        throw std::runtime_error("sshd for " + h.name +
                                 " did not start: " + read_text_file(h.sshd_dir + "/sshd.log"));
      }
    }
  } catch (...) {
    shutdown();
    throw;
  }
}

TestHosts::~TestHosts() {
  shutdown();
}

void TestHosts::shutdown() {
  {
    std::lock_guard lock(registry_mutex);
    std::erase(registry, this);
  }
  if (!block_.empty()) stop_block_processes(block_, hosts_);
  hosts_.clear();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the block
  lock_fd_ = -1;
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
  }
}

void TestHosts::claim_block(int count) {
  const ClaimedBlock claimed = claim_loopback_block(
      100, 199, [](const std::string& block) { stop_block_processes(block, {}); },
      [count](const std::string& block) {
        for (int i = 1; i <= count + 1; ++i) {
          if (!address_free(block + "." + std::to_string(i), kSshPort)) return false;
        }
        return true;
      });
  block_ = claimed.prefix;
  lock_fd_ = claimed.lock_fd;
}

void TestHosts::start(TestHost& h, const TestHostsOptions& options) {
  const std::string marker = std::string(kMarker) + "=" + block_;
  const std::string host_key = std::string(kKeyCache) + "/host_" + h.name.substr(1);
  std::string cfg = "ListenAddress " + h.address + ":" + std::to_string(h.port) + "\n";
  if (options.client_alive_interval_s > 0) {
    cfg += "ClientAliveInterval " + std::to_string(options.client_alive_interval_s) +
           "\nClientAliveCountMax 1\n";
  }
  cfg += "HostKey " + host_key + "\nPidFile " + h.sshd_dir + "/sshd.pid\n" + "LogLevel " +
         options.log_level + "\n" +
         "PermitRootLogin prohibit-password\nAuthenticationMethods publickey\n"
         "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
         "StrictModes no\nAuthorizedKeysFile " +
         dir_ + "/authorized_keys\n" +
         "Subsystem sftp internal-sftp\nUseDNS no\nPrintMotd no\nPrintLastLog no\n"
         "MaxStartups 128:30:256\nMaxSessions 64\nAllowTcpForwarding yes\n"
         "SetEnv SHLVL=1 " +
         marker + " ZKD_INSTALL_ROOT=" + h.install_root + "\n";
  write_text_file(h.sshd_dir + "/sshd_config", cfg);
  const std::string log = h.sshd_dir + "/sshd.log";
  const std::string config = h.sshd_dir + "/sshd_config";
  // Everything the child needs is prepared before fork: only exec-safe calls after it.
  std::vector<std::string> env_strings = {marker};
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> env;
  for (auto& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    // -r: serve connections from a fork without re-executing sshd (cheaper per connection).
    const char* argv[] = {"/usr/sbin/sshd", "-D", "-r",        "-f",
                          config.c_str(),   "-E", log.c_str(), nullptr};
    ::execve(argv[0], const_cast<char**>(argv), env.data());
    ::_exit(127);
  }
  h.sshd_pid = pid;
}

std::string TestHosts::inventory_entry(size_t i, int myid) const {
  const TestHost& h = hosts_.at(i);
  return "      - { name: " + h.name + ", address: " + h.address +
         ", myid: " + std::to_string(myid) + ", install_root: " + h.install_root +
         ", config: { clientPortAddress: " + h.address + " } }\n";
}

std::string TestHosts::unused_address() const {
  return block_ + "." + std::to_string(hosts_.size() + 1);
}

SshTarget TestHosts::target(size_t i) const {
  const TestHost& h = hosts_.at(i);
  SshTarget t;
  t.name = h.name;
  t.address = h.address;
  t.port = h.port;
  t.user = "root";
  t.identity_file = client_key_;
  t.known_hosts = known_hosts_;
  t.connect_timeout = std::chrono::seconds(5);
  t.command_timeout = std::chrono::seconds(60);
  return t;
}

void TestHosts::kill_sessions(size_t i) const {
  kill_and_reap(descendants(hosts_.at(i).sshd_pid), std::chrono::seconds(5));
}

size_t TestHosts::session_count(size_t i) const {
  return descendants(hosts_.at(i).sshd_pid).size();
}

std::string TestHosts::sshd_log(size_t i) const {
  return read_text_file(hosts_.at(i).sshd_dir + "/sshd.log");
}

}  // namespace zkd::testing
