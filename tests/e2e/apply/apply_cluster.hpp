// ApplyCluster: test hosts (split into clusters c1, c2, ... of `per_cluster` hosts) plus an
// inventory for `zkdeploy apply` of Apache ZooKeeper 3.8 (Debian's jars: zookeeper, jute, slf4j-api
// and slf4j-simple copied into an artifact directory; the other jars come from zookeeper.jar's
// manifest class path). The inventory can be rewritten between runs to change the desired state.
// Helpers read what the hosts hold (pid files, journal lines) and ask servers for their mode
// directly.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/harness/cli_run.hpp"
#include "tests/harness/test_hosts.hpp"

namespace zkd::testing {

class ApplyCluster {
 public:
  // Hosts [k * per_cluster, (k + 1) * per_cluster) form cluster "c<k+1>"; 0: one cluster.
  explicit ApplyCluster(int count, int per_cluster = 0);

  // Rewrites the inventory; `extra_config` is added to defaults.config ("key: value, ...").
  void write_inventory(const std::string& extra_config = "");
  // From now on the inventory installs this build's zkserver, with `config` as the base of
  // defaults.config instead of Apache ZooKeeper's; rewrites the inventory.
  void use_zkserver(const std::string& config);
  const std::string& inventory() const { return inventory_; }
  const TestHosts& hosts() const { return hosts_; }
  std::string cluster_of(size_t i) const;
  std::string cluster_root(size_t i) const;

  // `zkdeploy apply INVENTORY --journal <journal(n)> ARGS...` for the n-th run.
  CliRun apply(const std::vector<std::string>& args = {});
  // The same, in the background.
  CliProcess spawn_apply(const std::vector<std::string>& args = {});
  std::string journal(int run) const;
  // Every line of a run's journal.
  std::vector<nlohmann::json> journal_lines(int run) const;
  // Hosts of the "begin" lines of `step`, in journal order ("cluster/host" with `qualified`).
  std::vector<std::string> step_hosts(int run, const std::string& step,
                                      bool qualified = false) const;

  long pid(size_t i) const;  // from run/zkserver.pid; -1 when absent
  std::string mode(size_t i) const;
  std::string leader() const;  // the host reporting mode leader; empty if none or several

 private:
  TestHosts hosts_;
  size_t per_cluster_;
  std::string jars_;
  std::string inventory_;
  std::string zkserver_config_;  // non-empty: a zkserver inventory
  int runs_ = 0;
};

}  // namespace zkd::testing
