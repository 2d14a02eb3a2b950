// load_inventory: parses the YAML, reads each level's settings, overlays them per host
// (built-in, defaults, cluster, host), then runs the whole-inventory checks.
#include <arpa/inet.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "orchestrator/inventory/config_keys.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/inventory/inventory_checks.hpp"
#include "orchestrator/inventory/safe_values.hpp"
#include "orchestrator/inventory/settings_layer.hpp"
#include "orchestrator/inventory/yaml_reader.hpp"
#include "orchestrator/render/template_check.hpp"

namespace zkd {
namespace {

constexpr std::array<std::string_view, 3> kTopKeys{"version", "defaults", "clusters"};
constexpr std::array<std::string_view, 8> kClusterKeys{
    "template", "hosts", "ssh", "install_root", "artifact", "service", "config", "rollout"};
constexpr std::array<std::string_view, 10> kHostKeys{
    "name",         "address",  "myid",    "role",   "ssh",
    "install_root", "artifact", "service", "config", "rollout"};
constexpr std::array<std::string_view, 3> kHostRequired{"name", "address", "myid"};
constexpr std::array<std::string_view, 2> kTemplateKeys{"zoo.cfg", "myid"};
constexpr std::array<std::string_view, 2> kRoles{"participant", "observer"};
constexpr std::uintmax_t kMaxTemplateBytes = 1 << 20;
constexpr std::uintmax_t kMaxInventoryBytes = 16 << 20;

// Reads a small regular file; the error says why it cannot.
Parsed<std::string> read_small_file(const std::filesystem::path& path, std::uintmax_t limit) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return {{}, "no such file"};
  if (!std::filesystem::is_regular_file(status)) return {{}, "not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {{}, std::strerror(errno)};
  // Bounded read: the reported size of special files (/proc) says nothing of their content.
  // Read in chunks: a buffer of the whole limit would be zeroed (16 MB) for every load.
  std::string text;
  std::array<char, 64 * 1024> chunk;
  while (text.size() <= limit) {
    in.read(chunk.data(), chunk.size());
    if (in.bad()) return {{}, std::strerror(errno)};
    text.append(chunk.data(), static_cast<size_t>(in.gcount()));
    if (in.eof()) break;
  }
  if (text.size() > limit) return {{}, "larger than " + std::to_string(limit) + " bytes"};
  return {std::move(text), {}};
}

class Loader {
 public:
  Loader(const std::string& display_path, std::filesystem::path base_dir, LoadResult& result)
      : reader_(display_path, result.diagnostics), base_(std::move(base_dir)), result_(result) {}

  void load(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      reader_.report(Severity::error, {reader_.file(), e.mark.line + 1, e.mark.column + 1}, "",
                     "malformed YAML: " + e.msg);
      return;
    }
    if (root.IsNull() || !root.IsDefined()) {
      reader_.report(Severity::error, {reader_.file(), 1, 1}, "",
                     "the inventory is empty; expected a mapping with 'clusters'");
      return;
    }
    auto top = reader_.mapping(root, "", kTopKeys);
    if (!top) return;
    reader_.require_keys(root, "", *top, std::array<std::string_view, 1>{"clusters"});
    SettingsLayer defaults = builtin_settings();
    const YamlEntry* clusters = nullptr;
    for (const YamlEntry& e : *top) {
      if (e.key == "version" && !(e.value.IsScalar() && e.value.Scalar() == "1")) {
        reader_.error(e.value, e.path,
                      "unsupported schema version " + YamlReader::describe(e.value) +
                          "; this zkdeploy reads version 1");
      }
      if (e.key == "defaults") read_defaults(e, defaults);
      if (e.key == "clusters") clusters = &e;
    }
    if (clusters != nullptr) read_clusters(*clusters, defaults);
    check_inventory(result_.inventory, sources_, result_.diagnostics);
  }

 private:
  void read_defaults(const YamlEntry& e, SettingsLayer& defaults) {
    auto entries = reader_.mapping(e.value, e.path, kSettingKeys);
    if (!entries) return;
    SettingsLayer layer;
    for (const YamlEntry& s : *entries) read_setting(reader_, s, base_, layer);
    overlay(defaults, layer);
  }

  void read_clusters(const YamlEntry& e, const SettingsLayer& defaults) {
    auto entries = reader_.mapping(e.value, e.path, std::nullopt);
    if (!entries) return;
    if (entries->empty()) reader_.error(e.value, e.path, "no clusters defined");
    for (const YamlEntry& c : *entries) {
      std::string why = check_name(c.key);
      if (!why.empty()) reader_.error(c.key_node, c.path, "unsafe cluster name: " + why);
      read_cluster(c, defaults);
    }
  }

  void read_cluster(const YamlEntry& e, const SettingsLayer& defaults) {
    Cluster cluster;
    cluster.name = e.key;
    cluster.location = reader_.location(e.key_node);
    ClusterSource source{e.path, reader_.location(e.value), {}};
    auto entries = reader_.mapping(e.value, e.path, kClusterKeys);
    if (!entries) return;
    reader_.require_keys(e.value, e.path, *entries, std::array<std::string_view, 1>{"hosts"});
    SettingsLayer merged = defaults;
    SettingsLayer own;
    const YamlEntry* hosts = nullptr;
    for (const YamlEntry& s : *entries) {
      if (read_setting(reader_, s, base_, own)) continue;
      if (s.key == "template") read_templates(s, cluster.templates);
      if (s.key == "hosts") hosts = &s;
    }
    overlay(merged, own);
    if (hosts != nullptr) {
      source.hosts = reader_.location(hosts->value);
      if (!hosts->value.IsSequence()) {
        reader_.error(hosts->value, hosts->path,
                      "expected a list of hosts, found " + YamlReader::describe(hosts->value));
      } else if (hosts->value.size() == 0) {
        reader_.error(hosts->value, hosts->path, "a cluster needs at least one host");
      }
      size_t index = 0;
      for (const auto& node : hosts->value) {
        if (!hosts->value.IsSequence()) break;
        const std::string path = hosts->path + "[" + std::to_string(index++) + "]";
        read_host(node, path, cluster, merged, source);
      }
    }
    result_.inventory.clusters.push_back(std::move(cluster));
    sources_.push_back(std::move(source));
  }

  void read_templates(const YamlEntry& e, Templates& templates) {
    auto entries = reader_.mapping(e.value, e.path, kTemplateKeys);
    if (!entries) return;
    for (const YamlEntry& t : *entries) {
      auto text = reader_.string(t.value, t.path);
      if (!text) continue;
      const std::filesystem::path path = resolve_local_path(*text, base_);
      auto content = read_small_file(path, kMaxTemplateBytes);
      if (!content.ok()) {
        reader_.error(t.value, t.path, "cannot use template " + *text + ": " + content.error);
        continue;
      }
      const std::string syntax = template_syntax_error(content.value);
      if (!syntax.empty()) {
        reader_.error(t.value, t.path, "template " + *text + " is not valid mustache: " + syntax);
        continue;
      }
      if (t.key == "zoo.cfg") {
        templates.zoo_cfg_path = path;
        templates.zoo_cfg = std::move(content.value);
      } else {
        templates.myid_path = path;
        templates.myid = std::move(content.value);
      }
    }
  }

  void read_host(const YAML::Node& node, const std::string& path, Cluster& cluster,
                 const SettingsLayer& cluster_settings, ClusterSource& source) {
    Host host;
    host.cluster = cluster.name;
    host.location = reader_.location(node);
    HostSource src{path, host.location, host.location, host.location, host.location, {}};
    SettingsLayer merged = cluster_settings;
    auto entries = reader_.mapping(node, path, kHostKeys);
    if (entries) {
      reader_.require_keys(node, path, *entries, kHostRequired);
      SettingsLayer own;
      for (const YamlEntry& e : *entries) {
        if (read_setting(reader_, e, base_, own)) continue;
        read_identity(e, host, src);
      }
      overlay(merged, own);
    }
    finish_host(merged, host, src);
    cluster.hosts.push_back(std::move(host));
    source.hosts_sources.push_back(std::move(src));
  }

  void read_identity(const YamlEntry& e, Host& host, HostSource& src) {
    if (e.key == "name") {
      src.name = reader_.location(e.value);
      host.name = reader_.safe_string(e.value, e.path, check_name, "host name").value_or("");
    } else if (e.key == "address") {
      src.address = reader_.location(e.value);
      host.address = reader_.safe_string(e.value, e.path, check_address, "address").value_or("");
    } else if (e.key == "myid") {
      src.myid = reader_.location(e.value);
      auto myid = reader_.integer(e.value, e.path, 1, 255);
      if (myid) host.myid = static_cast<int>(*myid);
    } else if (e.key == "role") {
      auto role = reader_.choice(e.value, e.path, kRoles);
      if (role) host.role = static_cast<Role>(*role);
    }
  }

  void finish_host(const SettingsLayer& s, Host& host, HostSource& src) {
    host.ssh.user = *s.ssh.user;
    host.ssh.port = *s.ssh.port;
    host.ssh.identity_file = *s.ssh.identity_file;
    host.ssh.known_hosts = *s.ssh.known_hosts;
    host.ssh.host_key_policy = *s.ssh.host_key_policy;
    host.ssh.connect_timeout = *s.ssh.connect_timeout;
    host.ssh.command_timeout = *s.ssh.command_timeout;
    if (s.ssh.jump_address) {
      host.ssh.jump = JumpHost{*s.ssh.jump_address, s.ssh.jump_port.value_or(22),
                               s.ssh.jump_user.value_or(host.ssh.user)};
    } else if (s.ssh.jump_port || s.ssh.jump_user) {
      reader_.report(Severity::error, src.entry, src.path + ".ssh.jump.address",
                     "missing required key 'address' of the jump host");
    }
    host.install_root = *s.install_root;
    host.artifact.kind = *s.artifact.kind;
    host.artifact.java = *s.artifact.java;
    if (s.artifact.path) {
      host.artifact.path = *s.artifact.path;
      src.artifact_path = s.artifact.path_origin;
    } else {
      reader_.report(Severity::error, src.entry, src.path + ".artifact.path",
                     "missing required key 'artifact.path' (set it in defaults, the cluster or "
                     "the host)");
    }
    host.service.manager = *s.service.manager;
    host.service.user = s.service.user.value_or(host.ssh.user);
    if (host.service.manager == ServiceManager::direct && s.service.user_origin &&
        host.service.user != host.ssh.user) {
      const Origin& origin = *s.service.user_origin;
      reader_.report(Severity::warning, origin.location, origin.key,
                     "service.user '" + host.service.user +
                         "' has no effect with service.manager: direct, which runs the server "
                         "as ssh.user '" +
                         host.ssh.user + "'; use service.manager: systemd");
    }
    host.service.stop_timeout = *s.service.stop_timeout;
    host.service.heap_size = s.service.heap_size;
    host.rollout.health_timeout = *s.rollout.health_timeout;
    host.rollout.max_zxid_lag = *s.rollout.max_zxid_lag;
    finish_config(s, host);
  }

  void finish_config(const SettingsLayer& s, Host& host) {
    for (const auto& [key, entry] : s.config) host.config[key] = entry.value;
    // Present from the built-in level and checked as ports when read.
    auto take_port = [&](const char* key) { return std::stoi(host.config.at(key).value); };
    host.client_port = take_port("clientPort");
    host.quorum_port = take_port("quorumPort");
    host.election_port = take_port("electionPort");
    host.config.erase("quorumPort");
    host.config.erase("electionPort");
    host.config.try_emplace("dataDir", ConfigValue{host.cluster_root() + "/data", false});
    host.config.try_emplace("dataLogDir", ConfigValue{host.data_dir(), false});
    host.config["4lw.commands.whitelist"].value = four_letter_words(host);
    if (host.artifact.kind == ArtifactKind::zkserver) bind_admin_server(host);
    check_startable(s);
    auto reconfig = s.config.find("reconfigEnabled");
    if (reconfig != s.config.end() && reconfig->second.value.value == "true") {
      reader_.report(Severity::warning, reconfig->second.location, reconfig->second.key_path,
                     "with reconfigEnabled=true ZooKeeper rewrites zoo.cfg on its first start, so "
                     "every later plan shows it as drifted");
    }
  }

  // zkserver with admin.serverPort answers leadership transfer there, which apply uses
  // before restarting a leader. zkserver binds every address unless told otherwise, so the
  // port is bound to the host's own address (an IPv4 literal) by default: servers sharing a
  // machine on different addresses then do not collide.
  static void bind_admin_server(Host& host) {
    in_addr ipv4{};
    if (host.config.contains("admin.serverPort") &&
        inet_pton(AF_INET, host.address.c_str(), &ipv4) == 1) {
      host.config.try_emplace("admin.serverAddress", ConfigValue{host.address, false});
    }
  }

  // Settings Apache ZooKeeper 3.8 refuses to start with.
  void check_startable(const SettingsLayer& s) {
    auto find = [&](const char* key) -> const ConfigEntry* {
      auto it = s.config.find(key);
      return it == s.config.end() ? nullptr : &it->second;
    };
    const ConfigEntry* alg = find("electionAlg");
    if (alg != nullptr && alg->value.value != "3") {
      reader_.report(Severity::error, alg->location, alg->key_path,
                     "ZooKeeper 3.8 supports only electionAlg 3 and refuses to start otherwise");
    }
    const ConfigEntry* min = find("minSessionTimeout");
    const ConfigEntry* max = find("maxSessionTimeout");
    if (min != nullptr && max != nullptr &&
        std::stoll(min->value.value) > std::stoll(max->value.value)) {
      reader_.report(Severity::error, min->location, min->key_path,
                     "minSessionTimeout " + min->value.value + " ms exceeds maxSessionTimeout " +
                         max->value.value + " ms; ZooKeeper refuses to start");
    }
  }

  // The user's words (if any) plus the ones the orchestrator's probes need, sorted.
  static std::string four_letter_words(const Host& host) {
    std::set<std::string> words;
    for (std::string_view w : required_four_letter_words()) words.emplace(w);
    auto it = host.config.find("4lw.commands.whitelist");
    if (it != host.config.end()) {
      std::string_view list = it->second.value;
      while (!list.empty()) {
        const size_t comma = std::min(list.find(','), list.size());
        std::string_view word = list.substr(0, comma);
        while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
        while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
        if (word == "*") return "*";
        if (!word.empty()) words.emplace(word);
        list.remove_prefix(std::min(comma + 1, list.size()));
      }
    }
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : ",") + w;
    return out;
  }

  YamlReader reader_;
  std::filesystem::path base_;
  LoadResult& result_;
  std::vector<ClusterSource> sources_;
};

}  // namespace

LoadResult load_inventory_text(std::string_view text, const std::string& display_path,
                               const std::filesystem::path& base_dir) {
  LoadResult result;
  result.inventory.path = display_path;
  Loader(display_path, base_dir, result).load(text);
  sort_and_dedupe(result.diagnostics);
  return result;
}

LoadResult load_inventory(const std::filesystem::path& path) {
  auto content = read_small_file(path, kMaxInventoryBytes);
  if (!content.ok()) {
    LoadResult result;
    result.inventory.path = path;
    result.diagnostics.push_back(
        {Severity::error, path.string(), 0, 0, "", "cannot read the inventory: " + content.error});
    return result;
  }
  std::filesystem::path base = path.parent_path();
  if (base.empty()) base = ".";
  return load_inventory_text(content.value, path.string(), std::filesystem::absolute(base));
}

}  // namespace zkd
