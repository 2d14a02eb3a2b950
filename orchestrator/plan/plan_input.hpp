// The planner's inputs: what the inventory wants on each host (DesiredHost, filled from the
// inventory and the rendered templates), what each host looks like now (ObservedHost, filled
// by the SSH gather step and the admin-word probes), and the user's options. Plain data; the
// planner reads nothing else.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/inventory/rollout_policy.hpp"
#include "orchestrator/probe/ensemble_member.hpp"
#include "orchestrator/probe/server_status.hpp"

namespace zkd {

// What a managed file means to the server: zoo.cfg, myid and the systemd unit (how the
// server is launched) are read once at start, so changing their content needs a restart;
// other files do not.
enum class FileRole { zoo_cfg, myid, service_unit, other };

struct ManagedFile {
  std::string path;     // absolute path on the host
  std::string content;  // exact bytes to install (may hold secrets: never printed)
  std::string display;  // content with secret values masked: the only form printed or diffed
  unsigned mode = 0644;
  FileRole role = FileRole::other;
};

struct DesiredRelease {
  std::string kind;        // artifact kind from the inventory: "zkserver", "apache-zookeeper"
  std::string local_path;  // the artifact on the machine running zkdeploy
  std::string sha256;      // lowercase hex digest of the artifact (required): names the release
  uint64_t size = 0;       // bytes
  std::string version;     // the server version if known, else empty
};

struct DesiredHost {
  std::string cluster;  // ensemble name; hosts of one cluster form one ensemble
  std::string name;     // inventory host name, unique in the inventory
  std::string address;  // the address zoo.cfg's server.N line gives this host
  int64_t myid = 0;
  MemberRole role = MemberRole::participant;
  std::string install_root;  // the cluster's files live under <install_root>/<cluster>/
  std::vector<ManagedFile> files;
  DesiredRelease release;
  RolloutPolicy rollout;  // the cluster's policy (taken from its first host)
  bool new_host = false;  // absent from the inventory that was last applied to this cluster
};

struct ObservedFile {
  bool exists = false;
  std::string sha256;  // lowercase hex digest of the bytes on the host
  std::optional<std::string>
      content;  // the bytes, for text files; compared and parsed, never printed
  std::optional<std::string>
      display;  // content masked like ManagedFile::display; printed and diffed
  unsigned mode = 0;
};

struct ObservedHost {
  std::string name;  // matches DesiredHost::name
  bool reachable = false;
  std::string error;  // why the host could not be gathered, when not reachable
  // By absolute path. A managed path missing from the map is treated as a missing file.
  std::map<std::string, ObservedFile> files;
  std::string current_release;        // release id `current` points to; empty: no `current`
  std::vector<std::string> releases;  // release ids present under releases/
  std::optional<int64_t> server_pid;  // the running server; nullopt: not running
  // Free disk under install_root; nullopt: unknown, or not asked because the desired
  // release is already there (it is needed only for an upload).
  std::optional<uint64_t> free_bytes;
  ServerStatus status;                     // from the admin-word probes
  std::optional<std::string> lock_holder;  // who holds the cluster lock on this host, if anyone
};

struct PlanOptions {
  // Proceed although some member is unhealthy or not synced, as long as every voter restart
  // keeps a healthy, synced quorum.
  bool allow_degraded = false;
  // Accept that the ensemble is unavailable during the rollout: lifts the refusal of 1- and
  // 2-voter ensembles and every health, leader and quorum requirement for restarts.
  bool allow_downtime = false;
};

}  // namespace zkd
