// The typed inventory: every cluster and host with its fully merged effective settings
// (built-in defaults, then `defaults:`, then the cluster, then the host). Produced by
// load_inventory(), which checks the whole file and returns every problem at once; when the
// result has no errors, every value in it is valid and safe to use in remote commands.
// The YAML schema is documented in README.md ("Inventory reference").
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/inventory/diagnostic.hpp"
#include "orchestrator/inventory/rollout_policy.hpp"

namespace zkd {

enum class HostKeyPolicy { strict, accept_new };
enum class ArtifactKind { zkserver, apache_zookeeper };
enum class ServiceManager { direct, systemd };
enum class Role { participant, observer };

std::string_view to_string(HostKeyPolicy p);
std::string_view to_string(ArtifactKind k);
std::string_view to_string(ServiceManager m);
std::string_view to_string(Role r);

// An SSH bastion the connection goes through; it uses the host's identity and known_hosts.
struct JumpHost {
  std::string address;
  int port = 22;
  std::string user;
};

struct SshSettings {
  std::string user;
  int port = 22;
  std::filesystem::path identity_file;  // local, absolute
  std::filesystem::path known_hosts;    // local, absolute
  HostKeyPolicy host_key_policy = HostKeyPolicy::strict;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds command_timeout{300'000};
  std::optional<JumpHost> jump;
};

// What is installed. zkserver: `path` is the server binary. apache-zookeeper: `path` is a
// directory holding the ZooKeeper jars (e.g. /usr/share/java on a Debian build machine) or a
// release tarball (.tar.gz/.tgz); `java` is the remote Java executable that runs it.
struct Artifact {
  ArtifactKind kind = ArtifactKind::zkserver;
  std::filesystem::path path;  // local, absolute
  std::string java;            // remote, absolute; apache-zookeeper only
};

struct ServiceSettings {
  ServiceManager manager = ServiceManager::direct;
  // The account the server runs as under systemd (the unit's User=). Defaults to ssh.user,
  // the owner of everything zkdeploy writes, so the server can always write its dataDir;
  // a direct-mode server runs as ssh.user whatever this says.
  std::string user;
  std::chrono::milliseconds stop_timeout{30'000};
  std::optional<std::uint64_t> heap_size;  // bytes; JVM -Xmx for apache-zookeeper
};

// One zoo.cfg setting as it will be written (already converted: durations to milliseconds,
// sizes to bytes, lists joined with commas).
struct ConfigValue {
  std::string value;
  bool secret = false;
};

// Templates a cluster renders with; empty text means the built-in template.
struct Templates {
  std::filesystem::path zoo_cfg_path;  // local, absolute; empty for the built-in one
  std::string zoo_cfg;
  std::filesystem::path myid_path;
  std::string myid;
};

struct Host {
  std::string name;
  std::string cluster;
  std::string address;
  int myid = 0;
  Role role = Role::participant;
  SshSettings ssh;
  std::string install_root;  // remote, absolute
  Artifact artifact;
  ServiceSettings service;
  // zoo.cfg settings to write, keyed by zoo.cfg key. Includes clientPort, dataDir and
  // dataLogDir; quorumPort and electionPort are not zoo.cfg keys and live below.
  std::map<std::string, ConfigValue> config;
  int client_port = 2181;
  int quorum_port = 2888;
  int election_port = 3888;
  RolloutPolicy rollout;
  SourceLocation location;  // where the host is defined

  bool is_voter() const { return role == Role::participant; }
  // The remote layout: <install_root>/<cluster>/{releases,current,conf/zoo.cfg,data,logs,run}.
  std::string cluster_root() const;
  std::string releases_dir() const;
  std::string current_link() const;
  std::string conf_dir() const;
  std::string zoo_cfg_path() const;
  std::string data_dir() const;      // zoo.cfg dataDir
  std::string data_log_dir() const;  // zoo.cfg dataLogDir
  std::string myid_path() const;     // <dataDir>/myid
  std::string logs_dir() const;
  std::string run_dir() const;
  std::string state_dir() const;  // <cluster_root>/.zkdeploy
};

struct Cluster {
  std::string name;
  std::vector<Host> hosts;  // in inventory order
  Templates templates;
  SourceLocation location;

  size_t voter_count() const;
  // Hosts ordered by myid (the order of server.N lines).
  std::vector<const Host*> hosts_by_myid() const;
};

struct Inventory {
  std::filesystem::path path;  // the inventory file as given
  std::vector<Cluster> clusters;

  const Host* find_host(std::string_view name) const;
  const Cluster* find_cluster(std::string_view name) const;
  std::vector<const Host*> all_hosts() const;
};

struct LoadResult {
  Inventory inventory;  // complete only when !has_errors(diagnostics)
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !has_errors(diagnostics); }
};

// Reads, parses and checks an inventory file. Never throws for bad input.
LoadResult load_inventory(const std::filesystem::path& path);

// The same for inventory text; `display_path` names it in diagnostics and relative local
// paths resolve against `base_dir`.
LoadResult load_inventory_text(std::string_view text, const std::string& display_path,
                               const std::filesystem::path& base_dir);

}  // namespace zkd
