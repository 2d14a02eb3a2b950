// Running ansible-playbook against test hosts: an Ansible inventory for TestHosts laid out as
// a ZooKeeperEnsembles cluster, and one playbook run with its output and the task results it
// printed, in order. Ansible keeps its temporary files and SSH control sockets under the
// hosts' directory, so a run leaves nothing behind once the hosts are torn down.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "tests/harness/test_hosts.hpp"

namespace zkd::testing {

// Ansible inventory (YAML) of group `zookeeper`: every host of `hosts` as a member of cluster
// `cluster`, Apache ZooKeeper from the release's jars with JVM heap `heap` (e.g. "64m"),
// reached with the harness's key and known_hosts (strict host key checking). Written under
// hosts.dir(); returns its path.
std::string write_ansible_inventory(const TestHosts& hosts, const std::string& cluster,
                                    const std::string& heap = "64m");

// One line of the default callback's output: `status: [host]` under `TASK [task]`.
struct TaskResult {
  std::string task;
  std::string host;
  std::string status;  // ok, changed, skipping, failed, fatal
};

struct PlaybookRun {
  int exit_code = -1;  // -1: killed at the deadline
  std::chrono::milliseconds elapsed{0};
  std::string output;  // stdout and stderr
  std::vector<TaskResult> results;

  // Hosts with `status` for `task`, in the order Ansible reported them.
  std::vector<std::string> hosts_with(const std::string& task, const std::string& status) const;
};

// Runs `ansible-playbook -i inventory playbook`, killing it (its process group) at `deadline`.
PlaybookRun run_playbook(const TestHosts& hosts, const std::string& inventory,
                         const std::string& playbook, std::chrono::milliseconds deadline);

// The task results in default-callback output (exposed for the parser's own checks).
std::vector<TaskResult> parse_task_results(const std::string& output);

}  // namespace zkd::testing
