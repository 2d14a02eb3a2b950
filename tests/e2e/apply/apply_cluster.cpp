#include "tests/e2e/apply/apply_cluster.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/harness/zookeeper_process.hpp"

namespace zkd::testing {
namespace fs = std::filesystem;

ApplyCluster::ApplyCluster(int count, int per_cluster)
    : hosts_(count), per_cluster_(static_cast<size_t>(per_cluster > 0 ? per_cluster : count)) {
  jars_ = hosts_.dir() + "/zookeeper-jars";
  fs::create_directories(jars_);
  for (const char* jar :
       {"zookeeper.jar", "zookeeper-jute.jar", "slf4j-api.jar", "slf4j-simple.jar"}) {
    fs::copy_file(fs::path("/usr/share/java") / jar, fs::path(jars_) / jar);
  }
  inventory_ = hosts_.dir() + "/apply.yaml";
  write_inventory();
}

void ApplyCluster::write_inventory(const std::string& extra_config) {
  const std::string server =
      zkserver_config_.empty()
          ? "  artifact: { kind: apache-zookeeper, path: " + jars_ +
                ", java: /usr/bin/java }\n"
                "  service: { manager: direct, stop_timeout: 10s, heap_size: 128M }\n"
                "  config: { tickTime: 500, initLimit: 40, admin.enableServer: false"
          : "  artifact: { kind: zkserver, path: " ZKD_TEST_BUILD_DIR
            "/bin/zkserver }\n"
            "  service: { manager: direct, stop_timeout: 10s }\n"
            "  config: { " +
                zkserver_config_;
  std::string yaml =
      "version: 1\ndefaults:\n"
      "  ssh: { user: root, port: 2222, identity_file: " +
      hosts_.client_key() + ", known_hosts: " + hosts_.known_hosts() +
      ", host_key_policy: strict }\n" + server + (extra_config.empty() ? "" : ", " + extra_config) +
      " }\n"
      "  rollout: { health_timeout: 45s, max_zxid_lag: 0 }\n"
      "clusters:\n";
  for (size_t i = 0; i < hosts_.size(); ++i) {
    if (i % per_cluster_ == 0) yaml += "  " + cluster_of(i) + ":\n    hosts:\n";
    yaml += hosts_.inventory_entry(i, static_cast<int>(i % per_cluster_ + 1));
  }
  std::ofstream(inventory_, std::ios::trunc) << yaml;
}

void ApplyCluster::use_zkserver(const std::string& config) {
  zkserver_config_ = config;
  write_inventory();
}

std::string ApplyCluster::cluster_of(size_t i) const {
  return "c" + std::to_string(i / per_cluster_ + 1);
}

std::string ApplyCluster::cluster_root(size_t i) const {
  return hosts_[i].install_root + "/" + cluster_of(i);
}

std::string ApplyCluster::journal(int run) const {
  return hosts_.dir() + "/journal-" + std::to_string(run) + ".jsonl";
}

CliRun ApplyCluster::apply(const std::vector<std::string>& args) {
  return wait_cli(spawn_apply(args));
}

CliProcess ApplyCluster::spawn_apply(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {ZKDEPLOY_BIN, "--no-color", "apply",
                                   inventory_,   "--journal",  journal(++runs_)};
  argv.insert(argv.end(), args.begin(), args.end());
  return spawn_cli(argv, hosts_.dir());
}

std::vector<nlohmann::json> ApplyCluster::journal_lines(int run) const {
  std::vector<nlohmann::json> lines;
  std::ifstream in(journal(run));
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

std::vector<std::string> ApplyCluster::step_hosts(int run, const std::string& step,
                                                  bool qualified) const {
  std::vector<std::string> hosts;
  for (const auto& line : journal_lines(run)) {
    if (line["event"] != "begin" || line["step"] != step) continue;
    const std::string host = line["host"];
    hosts.push_back(qualified ? std::string(line["cluster"]) + "/" + host : host);
  }
  return hosts;
}

long ApplyCluster::pid(size_t i) const {
  std::ifstream in(cluster_root(i) + "/run/zkserver.pid");
  long pid = -1;
  in >> pid;
  return in ? pid : -1;
}

std::string ApplyCluster::mode(size_t i) const {
  return server_mode(hosts_[i].address);
}

std::string ApplyCluster::leader() const {
  std::string leader;
  for (size_t i = 0; i < hosts_.size(); ++i) {
    if (mode(i) != "leader") continue;
    if (!leader.empty()) return "";
    leader = hosts_[i].name;
  }
  return leader;
}

}  // namespace zkd::testing
