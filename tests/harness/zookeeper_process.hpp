// The one place that knows how to run Apache ZooKeeper 3.8 (Debian's `zookeeper` package:
// jars in /usr/share/java, run with java) for tests and benchmarks, and how to talk to any
// ZooKeeper server's four-letter words.
//
// start_zookeeper() writes <log_dir>/log4j.properties (file logging to
// <log_dir>/zookeeper.log), forks, and execs QuorumPeerMain on the given zoo.cfg with stdout
// and stderr appended to <log_dir>/zookeeper.out. The child gets SIGKILL when the process
// that started it dies, so a crashed test leaves no JVM behind; otherwise the caller owns the
// returned PID (kill and reap it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace zkd::testing {

enum class JvmProfile {
  kFastStart,  // small heap, serial GC, C1 only: quickest to serve, for tests
  kFullSpeed,  // larger heap, default GC and full JIT: for benchmarks against zkserver
};

// The command line (argv) that runs Apache ZooKeeper on zoo_cfg with log_dir as
// zookeeper.log.dir.
std::vector<std::string> zookeeper_command(const std::string& zoo_cfg, const std::string& log_dir,
                                           JvmProfile profile);

// Starts the JVM as a child process and returns its PID; throws when it cannot fork. `env`
// holds extra NAME=VALUE entries for its environment; `log_level` is log4j's root level.
pid_t start_zookeeper(const std::string& zoo_cfg, const std::string& log_dir,
                      JvmProfile profile = JvmProfile::kFastStart,
                      const std::string& log_level = "INFO",
                      const std::vector<std::string>& env = {});

// Sends a four-letter word to host:port and returns the whole reply ("" when the connection
// fails). Waits at most `timeout` for each read, so a stopped server cannot hang the caller.
std::string four_letter_word(const std::string& host, int port, const std::string& word,
                             std::chrono::milliseconds timeout = std::chrono::seconds(2));

// The "Mode: " of a srvr reply ("leader", "follower", ...); "" when it has none.
std::string srvr_mode(const std::string& srvr_reply);
// The mode host reports now; "" when it is not serving.
std::string server_mode(const std::string& host, int port = 2181);

}  // namespace zkd::testing
