// A server process for tests and benchmarks -- zkserver, or Apache ZooKeeper 3.8 run with java
// from Debian's jars -- with its own temporary data directory and zoo.cfg on a free loopback
// port (127.0.2.0-127.0.9.255), started by fork/exec, ready once it answers `ruok`, stopped by
// PID (SIGTERM, then SIGKILL) and reaped; the directory is removed.
#pragma once

#include <sys/types.h>

#include <string>

#include "tests/harness/zookeeper_process.hpp"

namespace zks::testing {

class ZkServerProcess {
 public:
  // `binary` is zkserver's path, or "apache" for Apache ZooKeeper. `extra_config` lines are
  // appended to zoo.cfg.
  explicit ZkServerProcess(std::string binary, std::string extra_config = "");
  ~ZkServerProcess();
  ZkServerProcess(const ZkServerProcess&) = delete;
  ZkServerProcess& operator=(const ZkServerProcess&) = delete;

  // Starts and waits (up to deadline_ms) until it serves; throws on failure.
  void start(int deadline_ms = 20000);
  // Returns the exit status as waitpid reports it.
  int stop(int signal_number = 15);
  std::string connect_string() const { return host_ + ":" + std::to_string(port_); }
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string binary_, host_, dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Sends a four-letter word and returns the whole answer ("" when the connection fails).
using zkd::testing::four_letter_word;
// A free TCP port on `host`, found by binding port 0.
int free_port(const std::string& host);
// A random address in 127.0.2.0-127.0.9.255.
std::string test_host();

}  // namespace zks::testing
