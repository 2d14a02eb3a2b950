#include "orchestrator/inventory/inventory.hpp"

#include <algorithm>

namespace zkd {

std::string_view to_string(HostKeyPolicy p) {
  return p == HostKeyPolicy::strict ? "strict" : "accept-new";
}
std::string_view to_string(ArtifactKind k) {
  return k == ArtifactKind::zkserver ? "zkserver" : "apache-zookeeper";
}
std::string_view to_string(ServiceManager m) {
  return m == ServiceManager::direct ? "direct" : "systemd";
}
std::string_view to_string(Role r) {
  return r == Role::participant ? "participant" : "observer";
}

std::string Host::cluster_root() const {
  return install_root + "/" + cluster;
}
std::string Host::releases_dir() const {
  return cluster_root() + "/releases";
}
std::string Host::current_link() const {
  return cluster_root() + "/current";
}
std::string Host::conf_dir() const {
  return cluster_root() + "/conf";
}
std::string Host::zoo_cfg_path() const {
  return conf_dir() + "/zoo.cfg";
}
std::string Host::logs_dir() const {
  return cluster_root() + "/logs";
}
std::string Host::run_dir() const {
  return cluster_root() + "/run";
}
std::string Host::state_dir() const {
  return cluster_root() + "/.zkdeploy";
}

std::string Host::data_dir() const {
  auto it = config.find("dataDir");
  return it != config.end() ? it->second.value : cluster_root() + "/data";
}

std::string Host::data_log_dir() const {
  auto it = config.find("dataLogDir");
  return it != config.end() ? it->second.value : data_dir();
}

std::string Host::myid_path() const {
  return data_dir() + "/myid";
}

size_t Cluster::voter_count() const {
  return static_cast<size_t>(
      std::count_if(hosts.begin(), hosts.end(), [](const Host& h) { return h.is_voter(); }));
}

std::vector<const Host*> Cluster::hosts_by_myid() const {
  std::vector<const Host*> out;
  for (const Host& h : hosts) out.push_back(&h);
  std::stable_sort(out.begin(), out.end(),
                   [](const Host* a, const Host* b) { return a->myid < b->myid; });
  return out;
}

const Host* Inventory::find_host(std::string_view name) const {
  for (const Cluster& c : clusters) {
    for (const Host& h : c.hosts) {
      if (h.name == name) return &h;
    }
  }
  return nullptr;
}

const Cluster* Inventory::find_cluster(std::string_view name) const {
  for (const Cluster& c : clusters) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<const Host*> Inventory::all_hosts() const {
  std::vector<const Host*> out;
  for (const Cluster& c : clusters) {
    for (const Host& h : c.hosts) out.push_back(&h);
  }
  return out;
}

}  // namespace zkd
