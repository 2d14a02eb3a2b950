// LocalEnsemble: an N-node ZooKeeper ensemble -- zkserver or Apache ZooKeeper 3.8 -- on this
// machine, for fault tests and benchmarks. Node i (0-based, myid i+1) listens on its own
// loopback address 127.0.X.(i+1) with the standard ports (client 2181, quorum 2888, election
// 3888, admin 8080), in a block 127.0.20.0-127.0.29.255 claimed with a lock file (see
// address_block.hpp). Each node has its own directory (zoo.cfg, data/myid, logs) under one
// temporary directory.
//
// Faults: kill9 (SIGKILL), stop (SIGTERM, SIGKILL after a deadline), restart (stop + start,
// same data), pause/resume (SIGSTOP/SIGCONT). State comes from the four-letter words every
// ZooKeeper answers: `srvr` (Mode) and the leader's `mntr` (zk_synced_followers).
//
// With network_namespaces, isolate(i)/heal(i) partition node i from everything else.
//
// Cleanup is by PID: the destructor SIGKILLs and reaps every node. The nodes carry the
// environment entry ZKD_LOCAL_ENSEMBLE=<block> and die with the test process (parent-death
// signal); whatever a crashed run still left is killed by the next claimant of the block.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/harness/netns.hpp"
#include "tests/harness/zookeeper_process.hpp"

namespace zkd::testing {

enum class ServerKind { kZkServer, kApacheZooKeeper };
const char* to_string(ServerKind kind);

struct LocalEnsembleOptions {
  ServerKind kind = ServerKind::kApacheZooKeeper;
  size_t voters = 3;
  size_t observers = 0;  // the last `observers` nodes are non-voting observers
  std::string zkserver_binary = ZKD_TEST_BUILD_DIR "/bin/zkserver";
  JvmProfile jvm = JvmProfile::kFastStart;  // Apache ZooKeeper only
  // Short ticks make failure detection and elections fast on loopback: a silent peer is
  // dropped after syncLimit ticks.
  int tick_ms = 200;
  int init_limit = 25;
  int sync_limit = 10;
  std::string extra_config;  // appended to every zoo.cfg
  // Each node in a network namespace of its own (netns.hpp: addresses 10.231.<X>.<i+1>,
  // root only), so that isolate() can cut it off. The thread that constructs the ensemble
  // then works in the ensemble's client namespace until the ensemble is destroyed, and so
  // do the threads it starts meanwhile: it reaches every node, as node i reaches itself.
  bool network_namespaces = false;
};

class LocalEnsemble {
 public:
  explicit LocalEnsemble(LocalEnsembleOptions options);
  ~LocalEnsemble();
  LocalEnsemble(const LocalEnsemble&) = delete;
  LocalEnsemble& operator=(const LocalEnsemble&) = delete;

  size_t size() const { return pids_.size(); }
  ServerKind kind() const { return options_.kind; }
  const std::string& address(size_t i) const { return addresses_.at(i); }
  static constexpr int kClientPort = 2181;
  static constexpr int kAdminPort = 8080;

  // "a:2181,b:2181,..." for every node, or for the given nodes.
  std::string connect_string() const;
  std::string connect_string(const std::vector<size_t>& nodes) const;

  void start(size_t i);  // no-op when it runs
  void start_all();
  void kill9(size_t i);  // SIGKILL + reap
  void stop(size_t i, std::chrono::milliseconds grace = std::chrono::seconds(10));  // SIGTERM
  void restart(size_t i);
  void pause(size_t i);    // SIGSTOP
  void resume(size_t i);   // SIGCONT
  void isolate(size_t i);  // needs network_namespaces
  void heal(size_t i);
  bool running(size_t i) const { return pids_.at(i) > 0; }
  bool paused(size_t i) const { return paused_.at(i); }
  pid_t pid(size_t i) const { return pids_.at(i); }

  // Four-letter word on node i's client port ("" when it does not answer).
  std::string four_letter_word(size_t i, const std::string& word) const;
  // "leader", "follower", "observer", ... from srvr; "" when not serving.
  std::string mode(size_t i) const;
  // Probes skip stopped (paused) and isolated nodes; mode(i) still asks any node, from
  // inside its own namespace when isolated.
  // The node that is leader among the running, reachable nodes, if exactly one says so.
  std::optional<size_t> leader() const;
  // Waits until exactly one running, unpaused node leads and every other running, unpaused
  // node follows or observes; nullopt at the deadline.
  std::optional<size_t> wait_for_leader(std::chrono::milliseconds deadline) const;
  // Waits until node i follows (or observes) and the leader counts every running, unpaused
  // voting follower as synced (mntr zk_synced_followers); false at the deadline.
  bool wait_synced(size_t i, std::chrono::milliseconds deadline) const;

  // GET http://<node i>:8080<path> (zkserver's admin server): the body; nullopt when nothing
  // accepts the connection.
  std::optional<std::string> admin_get(size_t i, const std::string& path) const;

  // Node i's log files, concatenated (for failure messages).
  std::string logs(size_t i) const;
  const std::string& dir() const { return dir_; }

 private:
  bool observer(size_t i) const { return i >= options_.voters; }
  // Running, not stopped and not isolated.
  bool reachable(size_t i) const { return running(i) && !paused_[i] && !isolated_[i]; }
  std::string node_dir(size_t i) const;
  void write_config(size_t i) const;
  void kill_all();
  void release();  // the namespaces, the block and the directory

  LocalEnsembleOptions options_;
  std::string dir_;
  std::string block_;
  int lock_fd_ = -1;
  std::vector<std::string> addresses_;
  std::vector<pid_t> pids_;
  std::vector<bool> paused_;
  std::vector<bool> isolated_;
  std::unique_ptr<NamespaceNetwork> net_;
  std::unique_ptr<NetnsScope> client_scope_;  // the constructing thread's namespace
};

}  // namespace zkd::testing
