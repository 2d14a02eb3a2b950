// TestHosts: N real SSH hosts on this machine for integration tests. Each host is an
// `sshd -D` child process on its own loopback address (127.0.X.1..N, port 2222), whose
// "filesystem" is its own install root directory. The constructor writes a client key,
// known_hosts and an inventory YAML for the hosts; the destructor stops every process the
// hosts started (sshd, sessions, and anything they left running, found by PID) and removes
// the directory. Teardown also runs on SIGINT/SIGTERM/SIGHUP/SIGABRT; if the test process is
// killed outright, sshd gets SIGTERM (parent-death signal) and the next TestHosts that
// claims the same address block removes what is left.
//
// Address blocks 127.0.100.0/24 .. 127.0.199.0/24 are claimed with a lock file held for the
// object's lifetime, so concurrent test processes never collide.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "orchestrator/transport/ssh_target.hpp"

namespace zkd::testing {

struct TestHostsOptions {
  std::string cluster = "test";     // cluster name in the inventory
  int client_alive_interval_s = 0;  // sshd ClientAliveInterval (0: off)
  std::string log_level = "INFO";   // sshd LogLevel
  // The inventory's `artifact:` mapping; default: this build's zkserver.
  std::string artifact = "{ kind: zkserver, path: " ZKD_TEST_BUILD_DIR "/bin/zkserver }";
};

struct TestHost {
  std::string name;     // h1, h2, ...
  std::string address;  // 127.0.X.i
  uint16_t port = 2222;
  std::string install_root;
  std::string sshd_dir;  // config, log
  pid_t sshd_pid = -1;
};

class TestHosts {
 public:
  explicit TestHosts(int count, TestHostsOptions options = {});
  ~TestHosts();
  TestHosts(const TestHosts&) = delete;
  TestHosts& operator=(const TestHosts&) = delete;

  size_t size() const { return hosts_.size(); }
  const TestHost& operator[](size_t i) const { return hosts_.at(i); }
  const std::vector<TestHost>& hosts() const { return hosts_; }

  const std::string& dir() const { return dir_; }
  const std::string& client_key() const { return client_key_; }
  const std::string& known_hosts() const { return known_hosts_; }
  const std::string& inventory() const { return inventory_; }
  // An address in this block where nothing listens.
  std::string unused_address() const;
  // Host i as an entry of an inventory's `hosts:` list (indented for it), with the given
  // myid, its install root and its client port on its own address.
  std::string inventory_entry(size_t i, int myid) const;

  // How host i is reached: strict host keys, the harness's client key, a 5 s connect timeout.
  SshTarget target(size_t i) const;

  // Kills host i's session processes (the connections), leaving its sshd listening.
  void kill_sessions(size_t i) const;
  // Number of live processes serving connections to host i.
  size_t session_count(size_t i) const;
  // Host i's sshd log so far.
  std::string sshd_log(size_t i) const;

  // Stops everything and removes the directory (the destructor does this; idempotent).
  void shutdown();

 private:
  void claim_block(int count);
  void start(TestHost& host, const TestHostsOptions& options);

  std::string dir_;
  std::string block_;  // "127.0.X"
  int lock_fd_ = -1;
  std::string client_key_, known_hosts_, inventory_;
  std::vector<TestHost> hosts_;
};

// Waits until pred() holds, checking every millisecond; false if the deadline passes first.
bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds deadline);

}  // namespace zkd::testing
