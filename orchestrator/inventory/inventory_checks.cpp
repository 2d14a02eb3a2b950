#include "orchestrator/inventory/inventory_checks.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <system_error>

#include "orchestrator/inventory/config_keys.hpp"

namespace zkd {
namespace {

void add(std::vector<Diagnostic>& out, Severity s, const SourceLocation& at, std::string key,
         std::string message) {
  out.push_back({s, at.file, at.line, at.column, std::move(key), std::move(message)});
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct HostRef {
  const Host* host;
  const HostSource* source;
};

void check_unique_names(const std::vector<HostRef>& hosts, std::vector<Diagnostic>& out) {
  std::map<std::string, HostRef> seen;
  for (const HostRef& h : hosts) {
    if (h.host->name.empty()) continue;
    auto [it, fresh] = seen.emplace(h.host->name, h);
    if (!fresh) {
      add(out, Severity::error, h.source->name, h.source->path + ".name",
          "duplicate host name '" + h.host->name + "' (also at line " +
              std::to_string(it->second.source->name.line) + ")");
    }
  }
}

void check_unique_myids(const Cluster& c, const ClusterSource& src, std::vector<Diagnostic>& out) {
  std::map<int, size_t> seen;
  for (size_t i = 0; i < c.hosts.size(); ++i) {
    const Host& h = c.hosts[i];
    if (h.myid == 0) continue;
    auto [it, fresh] = seen.emplace(h.myid, i);
    if (!fresh) {
      add(out, Severity::error, src.hosts_sources[i].myid, src.hosts_sources[i].path + ".myid",
          "duplicate myid " + std::to_string(h.myid) + " in cluster '" + c.name + "' (also host '" +
              c.hosts[it->second].name + "')");
    }
  }
}

// The TCP ports a server listens on, with the key that sets each.
std::vector<std::pair<int, std::string>> listening_ports(const Host& h) {
  std::vector<std::pair<int, std::string>> ports{{h.client_port, "clientPort"},
                                                 {h.quorum_port, "quorumPort"},
                                                 {h.election_port, "electionPort"}};
  auto value = [&](const char* key) -> const std::string* {
    auto it = h.config.find(key);
    return it == h.config.end() ? nullptr : &it->second.value;
  };
  if (const std::string* v = value("secureClientPort"))
    ports.emplace_back(std::stoi(*v), "secureClientPort");
  // Apache ZooKeeper serves admin HTTP when enabled (8080 by default); zkserver whenever
  // the port is set.
  const std::string* admin = value("admin.enableServer");
  const std::string* admin_port = value("admin.serverPort");
  if (h.artifact.kind == ArtifactKind::zkserver ? admin_port != nullptr
                                                : admin != nullptr && *admin == "true") {
    ports.emplace_back(admin_port != nullptr ? std::stoi(*admin_port) : kDefaultAdminPort,
                       "admin.serverPort");
  }
  return ports;
}

void check_ports(const std::vector<HostRef>& hosts, std::vector<Diagnostic>& out) {
  struct Owner {
    const Host* host;
    std::string key;
  };
  std::map<std::pair<std::string, int>, Owner> taken;
  for (const HostRef& h : hosts) {
    if (h.host->address.empty()) continue;
    const std::string address = lower(h.host->address);
    for (const auto& [port, key] : listening_ports(*h.host)) {
      auto [it, fresh] = taken.emplace(std::make_pair(address, port), Owner{h.host, key});
      if (fresh) continue;
      const Owner& first = it->second;
      const std::string whose = first.host == h.host
                                    ? "its own " + first.key
                                    : first.key + " of host '" + first.host->name + "'";
      add(out, Severity::error, h.source->address, h.source->path + ".address",
          "port clash on " + h.host->address + ": " + key + " " + std::to_string(port) +
              " is also " + whose);
    }
  }
}

// Under systemd the unit is named after the cluster, so two servers of one cluster on one
// machine would install and control the same unit.
void check_unit_clash(const Cluster& c, const ClusterSource& src, std::vector<Diagnostic>& out) {
  std::map<std::string, const Host*> seen;
  for (size_t i = 0; i < c.hosts.size(); ++i) {
    const Host& h = c.hosts[i];
    if (h.service.manager != ServiceManager::systemd || h.address.empty()) continue;
    auto [it, fresh] = seen.emplace(lower(h.address), &h);
    if (fresh) continue;
    add(out, Severity::error, src.hosts_sources[i].address, src.hosts_sources[i].path + ".address",
        "with service.manager: systemd, hosts '" + it->second->name + "' and '" + h.name +
            "' of cluster '" + c.name + "' share address " + h.address +
            " and would share one systemd unit (one per cluster and machine); use "
            "service.manager: direct or one address per host");
  }
}

void check_quorum(const Cluster& c, const ClusterSource& src, std::vector<Diagnostic>& out) {
  if (c.hosts.empty()) return;
  const size_t n = c.voter_count();
  const std::string key = src.path + ".hosts";
  const std::string count = std::to_string(n);
  if (n == 0) {
    add(out, Severity::error, src.hosts, key,
        "no participants: every host is an observer, so the cluster can never form a quorum");
  } else if (n == 1) {
    add(out, Severity::warning, src.hosts, key,
        "1 voter: the ensemble tolerates no failure and every restart is downtime; use 3 or 5");
  } else if (n == 2) {
    add(out, Severity::warning, src.hosts, key,
        "2 voters: quorum is 2 of 2, so losing or restarting either one stops the ensemble; "
        "use 3");
  } else if (n % 2 == 0) {
    const size_t quorum = n / 2 + 1;
    add(out, Severity::warning, src.hosts, key,
        count + " voters: quorum is " + std::to_string(quorum) + " of " + count +
            ", which tolerates " + std::to_string(n - quorum) + " failure(s), no more than " +
            std::to_string(n - 1) + " voters would; use an odd number");
  }
}

void check_artifact(const Host& h, const HostSource& src, std::vector<Diagnostic>& out) {
  if (h.artifact.path.empty() || !src.artifact_path) return;
  const Origin& origin = *src.artifact_path;
  std::error_code ec;
  const auto status = std::filesystem::status(h.artifact.path, ec);
  const std::string& written = origin.text;
  if (!std::filesystem::exists(status)) {
    const bool relative = !written.starts_with('/') && !written.starts_with('~');
    add(out, Severity::warning, origin.location, origin.key,
        "artifact not found: " + written +
            (relative ? " (relative to the inventory's directory)" : "") +
            "; build it before apply, or fix the path");
    return;
  }
  if (h.artifact.kind == ArtifactKind::zkserver && !std::filesystem::is_regular_file(status)) {
    add(out, Severity::error, origin.location, origin.key,
        "a zkserver artifact must be the server binary, but " + written + " is not a regular file");
  }
  const std::string resolved = h.artifact.path.string();
  if (h.artifact.kind == ArtifactKind::apache_zookeeper && !std::filesystem::is_directory(status) &&
      !resolved.ends_with(".tar.gz") && !resolved.ends_with(".tgz")) {
    add(out, Severity::error, origin.location, origin.key,
        "an apache-zookeeper artifact must be a directory of jars or a .tar.gz/.tgz release, "
        "not " +
            written);
  }
}

}  // namespace

void check_inventory(const Inventory& inventory, const std::vector<ClusterSource>& sources,
                     std::vector<Diagnostic>& out) {
  std::vector<HostRef> hosts;
  for (size_t c = 0; c < inventory.clusters.size(); ++c) {
    const Cluster& cluster = inventory.clusters[c];
    for (size_t i = 0; i < cluster.hosts.size(); ++i) {
      hosts.push_back({&cluster.hosts[i], &sources[c].hosts_sources[i]});
    }
    check_unique_myids(cluster, sources[c], out);
    check_quorum(cluster, sources[c], out);
    check_unit_clash(cluster, sources[c], out);
  }
  check_unique_names(hosts, out);
  check_ports(hosts, out);
  for (const HostRef& h : hosts) check_artifact(*h.host, *h.source, out);
}

}  // namespace zkd
