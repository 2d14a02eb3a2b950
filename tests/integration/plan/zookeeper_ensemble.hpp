// ZooKeeperEnsembles: real Apache ZooKeeper 3.8 servers (Debian's jars) on test hosts, laid
// out as zkdeploy's remote layout expects, for integration tests and benchmarks of `plan`
// and `status`. It writes an inventory (artifact kind apache-zookeeper) for the given hosts
// split into clusters, places the rendered zoo.cfg and myid, a release directory named by the
// artifact's digest and the `current` link at the layout paths, and starts one
// QuorumPeerMain per host as a child process (pid in run/zkserver.pid). Every JVM is killed
// by PID and reaped by stop() and the destructor, and gets SIGKILL if the test process dies.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/harness/test_hosts.hpp"

namespace zkd::testing {

class ZooKeeperEnsembles {
 public:
  // Hosts [k * per_cluster, (k + 1) * per_cluster) form cluster "c<k+1>".
  ZooKeeperEnsembles(const TestHosts& hosts, size_t per_cluster);
  ~ZooKeeperEnsembles();
  ZooKeeperEnsembles(const ZooKeeperEnsembles&) = delete;
  ZooKeeperEnsembles& operator=(const ZooKeeperEnsembles&) = delete;

  const std::string& inventory() const { return inventory_; }
  // Where host i's files live.
  std::string zoo_cfg(size_t i) const;
  std::string cluster_of(size_t i) const;

  // Writes the rendered files, the release directory and `current` on every host.
  void install();
  void start(size_t i);
  void start_all();
  // SIGKILL host i's JVM and reap it.
  void stop(size_t i);
  bool running(size_t i) const { return pids_[i] > 0; }

  // The `srvr` reply of host i, asked directly on its client port; empty when none.
  std::string srvr(size_t i) const;
  // "leader", "follower", ... from srvr; empty when not serving.
  std::string mode(size_t i) const;
  // Waits until every running host serves (leader or follower) and each cluster with a
  // running host has exactly one leader; false at the deadline.
  bool wait_serving(std::chrono::milliseconds deadline) const;

 private:
  const TestHosts& hosts_;
  size_t per_cluster_;
  std::string inventory_;
  std::vector<pid_t> pids_;
};

}  // namespace zkd::testing
