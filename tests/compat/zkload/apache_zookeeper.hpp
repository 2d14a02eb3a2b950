// ApacheZooKeeper: a standalone Apache ZooKeeper 3.8 (Debian's jars, run with java) on a
// loopback address, in a temporary directory, for compatibility tests and comparisons.
// Start() picks a free port on `address`, launches the JVM (tests/harness/zookeeper_process)
// and waits (with a deadline) until `srvr` reports "Mode: standalone". The destructor kills
// the process by its PID, reaps it and removes the directory.
#pragma once

#include <sys/types.h>

#include <string>

namespace zks::testing {

class ApacheZooKeeper {
 public:
  explicit ApacheZooKeeper(std::string address) : address_(std::move(address)) {}
  ~ApacheZooKeeper();
  ApacheZooKeeper(const ApacheZooKeeper&) = delete;
  ApacheZooKeeper& operator=(const ApacheZooKeeper&) = delete;

  // False with *error (including the server's log tail) when it did not come up in time.
  bool Start(double timeout_seconds, std::string* error);
  std::string connect() const { return address_ + ":" + std::to_string(port_); }
  // Sends a four-letter word and returns the answer ("" when the server does not answer).
  std::string FourLetterWord(const std::string& word) const;

 private:
  std::string address_;
  int port_ = 0;
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace zks::testing
