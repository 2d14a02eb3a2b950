#include "orchestrator/inventory/settings_layer.hpp"

#include <cstdlib>

#include "orchestrator/inventory/config_keys.hpp"
#include "orchestrator/inventory/safe_values.hpp"
#include "orchestrator/inventory/secret.hpp"
#include "orchestrator/inventory/suggest.hpp"

namespace zkd {
namespace {

constexpr std::array<std::string_view, 8> kSshKeys{"user",
                                                   "port",
                                                   "identity_file",
                                                   "known_hosts",
                                                   "host_key_policy",
                                                   "connect_timeout",
                                                   "command_timeout",
                                                   "jump"};
constexpr std::array<std::string_view, 3> kJumpKeys{"address", "port", "user"};
constexpr std::array<std::string_view, 3> kArtifactKeys{"kind", "path", "java"};
constexpr std::array<std::string_view, 4> kServiceKeys{"manager", "user", "stop_timeout",
                                                       "heap_size"};
constexpr std::array<std::string_view, 2> kRolloutKeys{"health_timeout", "max_zxid_lag"};
constexpr std::array<std::string_view, 2> kSecretValueKeys{"value", "secret"};
constexpr std::array<std::string_view, 1> kValueKey{"value"};

constexpr std::array<std::string_view, 2> kPolicies{"strict", "accept-new"};
constexpr std::array<std::string_view, 2> kKinds{"zkserver", "apache-zookeeper"};
constexpr std::array<std::string_view, 2> kManagers{"direct", "systemd"};

std::optional<std::filesystem::path> local_path(YamlReader& r, const YAML::Node& n,
                                                const std::string& path,
                                                const std::filesystem::path& base) {
  auto s = r.string(n, path);
  if (!s) return std::nullopt;
  return resolve_local_path(*s, base);
}

template <typename Enum, size_t N>
std::optional<Enum> enum_value(YamlReader& r, const YAML::Node& n, const std::string& path,
                               const std::array<std::string_view, N>& names) {
  auto i = r.choice(n, path, names);
  if (!i) return std::nullopt;
  return static_cast<Enum>(*i);
}

std::optional<int> port(YamlReader& r, const YAML::Node& n, const std::string& path) {
  auto v = r.integer(n, path, 1, 65535);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

void read_jump(YamlReader& r, const YamlEntry& e, SshLayer& ssh) {
  auto entries = r.mapping(e.value, e.path, kJumpKeys);
  if (!entries) return;
  for (const YamlEntry& j : *entries) {
    if (j.key == "address")
      ssh.jump_address = r.safe_string(j.value, j.path, check_address, "value");
    if (j.key == "port") ssh.jump_port = port(r, j.value, j.path);
    if (j.key == "user") ssh.jump_user = r.safe_string(j.value, j.path, check_user, "value");
  }
}

void read_ssh(YamlReader& r, const YamlEntry& e, const std::filesystem::path& base, SshLayer& ssh) {
  auto entries = r.mapping(e.value, e.path, kSshKeys);
  if (!entries) return;
  for (const YamlEntry& s : *entries) {
    if (s.key == "user") ssh.user = r.safe_string(s.value, s.path, check_user, "value");
    if (s.key == "port") ssh.port = port(r, s.value, s.path);
    if (s.key == "identity_file") ssh.identity_file = local_path(r, s.value, s.path, base);
    if (s.key == "known_hosts") ssh.known_hosts = local_path(r, s.value, s.path, base);
    if (s.key == "host_key_policy") {
      ssh.host_key_policy = enum_value<HostKeyPolicy>(r, s.value, s.path, kPolicies);
    }
    if (s.key == "connect_timeout") ssh.connect_timeout = r.duration(s.value, s.path);
    if (s.key == "command_timeout") ssh.command_timeout = r.duration(s.value, s.path);
    if (s.key == "jump") read_jump(r, s, ssh);
  }
}

void read_artifact(YamlReader& r, const YamlEntry& e, const std::filesystem::path& base,
                   ArtifactLayer& a) {
  auto entries = r.mapping(e.value, e.path, kArtifactKeys);
  if (!entries) return;
  for (const YamlEntry& s : *entries) {
    if (s.key == "kind") a.kind = enum_value<ArtifactKind>(r, s.value, s.path, kKinds);
    if (s.key == "path") {
      a.path = local_path(r, s.value, s.path, base);
      if (a.path) a.path_origin = Origin{r.location(s.value), s.path, s.value.Scalar()};
    }
    if (s.key == "java") a.java = r.safe_string(s.value, s.path, check_remote_path, "value");
  }
}

void read_service(YamlReader& r, const YamlEntry& e, ServiceLayer& svc) {
  auto entries = r.mapping(e.value, e.path, kServiceKeys);
  if (!entries) return;
  for (const YamlEntry& s : *entries) {
    if (s.key == "manager") svc.manager = enum_value<ServiceManager>(r, s.value, s.path, kManagers);
    if (s.key == "user") {
      svc.user = r.safe_string(s.value, s.path, check_user, "value");
      if (svc.user) svc.user_origin = Origin{r.location(s.value), s.path, *svc.user};
    }
    if (s.key == "stop_timeout") svc.stop_timeout = r.duration(s.value, s.path);
    if (s.key == "heap_size") svc.heap_size = r.size(s.value, s.path);
  }
}

void read_rollout(YamlReader& r, const YamlEntry& e, RolloutLayer& ro) {
  auto entries = r.mapping(e.value, e.path, kRolloutKeys);
  if (!entries) return;
  for (const YamlEntry& s : *entries) {
    if (s.key == "health_timeout") ro.health_timeout = r.duration(s.value, s.path);
    if (s.key == "max_zxid_lag") {
      auto v = r.integer(s.value, s.path, 0, std::int64_t{1} << 53);
      if (v) ro.max_zxid_lag = static_cast<std::uint64_t>(*v);
    }
  }
}

// The text of a config value node: a scalar, or a list of scalars for list-valued keys.
std::optional<std::string> config_text(YamlReader& r, const YAML::Node& n, const std::string& path,
                                       ConfigType type) {
  if (n.IsScalar()) return n.Scalar();
  if (n.IsSequence() && type == ConfigType::word_list) {
    std::string joined;
    for (const auto& item : n) {
      if (!item.IsScalar()) {
        r.error(item, path, "expected a word, found " + YamlReader::describe(item));
        return std::nullopt;
      }
      joined += (joined.empty() ? "" : ",") + item.Scalar();
    }
    return joined;
  }
  const std::string found = YamlReader::describe(n);  // never a scalar here: no value echoed
  r.error(n, path,
          std::string(type == ConfigType::word_list ? "expected a list or a string"
                                                    : "expected a single value") +
              " (or { value: X, secret: true }), found " + found);
  return std::nullopt;
}

void read_config_entry(YamlReader& r, const YamlEntry& e, std::map<std::string, ConfigEntry>& out) {
  std::string why = check_config_key(e.key);
  if (!why.empty()) {
    r.error(e.key_node, e.path, why);
    return;
  }
  why = reserved_config_key_reason(e.key);
  if (!why.empty()) {
    r.error(e.key_node, e.path, "'" + e.key + "' cannot be set: " + why);
    return;
  }
  const ConfigType type = config_type(e.key);
  const auto known = known_config_keys();
  if (std::find(known.begin(), known.end(), e.key) == known.end()) {
    const std::string hint = did_you_mean(e.key, known);
    if (!hint.empty()) {
      r.warning(e.key_node, e.path,
                "unknown zoo.cfg key '" + e.key + "'" + hint +
                    "; ZooKeeper silently ignores keys it does not know");
    }
  }
  bool secret = is_secret_key(e.key);
  YAML::Node value_node = e.value;
  if (e.value.IsMap()) {
    auto entries = r.mapping(e.value, e.path, kSecretValueKeys);
    if (!entries) return;
    r.require_keys(e.value, e.path, *entries, kValueKey);
    value_node = YAML::Node();
    for (const YamlEntry& s : *entries) {
      if (s.key == "value") value_node = s.value;
      if (s.key == "secret") secret = r.boolean(s.value, s.path).value_or(true) || secret;
    }
    if (!value_node.IsDefined()) return;
  }
  auto text = config_text(r, value_node, e.path, type);
  if (!text) return;
  auto converted = convert_config_value(type, *text);
  if (!converted.ok()) {
    r.error(value_node, e.path, "bad value: " + converted.error);
    return;
  }
  out[e.key] = {{converted.value, secret}, r.location(value_node), e.path};
}

void read_config(YamlReader& r, const YamlEntry& e, std::map<std::string, ConfigEntry>& out) {
  auto entries = r.mapping(e.value, e.path, std::nullopt);
  if (!entries) return;
  for (const YamlEntry& c : *entries) read_config_entry(r, c, out);
}

template <typename V>
void take(std::optional<V>& into, const std::optional<V>& from) {
  if (from) into = from;
}

}  // namespace

std::filesystem::path resolve_local_path(std::string_view text, const std::filesystem::path& base) {
  if (text == "~" || text.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    std::filesystem::path p = home != nullptr ? home : "/";
    if (text.size() > 2) p /= std::filesystem::path(text.substr(2));
    return p.lexically_normal();
  }
  std::filesystem::path p(text);
  if (p.is_relative()) p = base / p;
  return p.lexically_normal();
}

bool read_setting(YamlReader& reader, const YamlEntry& entry, const std::filesystem::path& base,
                  SettingsLayer& layer) {
  if (entry.key == "ssh") {
    read_ssh(reader, entry, base, layer.ssh);
  } else if (entry.key == "install_root") {
    layer.install_root = reader.safe_string(entry.value, entry.path, check_remote_path, "value");
  } else if (entry.key == "artifact") {
    read_artifact(reader, entry, base, layer.artifact);
  } else if (entry.key == "service") {
    read_service(reader, entry, layer.service);
  } else if (entry.key == "config") {
    read_config(reader, entry, layer.config);
  } else if (entry.key == "rollout") {
    read_rollout(reader, entry, layer.rollout);
  } else {
    return false;
  }
  return true;
}

void overlay(SettingsLayer& base, const SettingsLayer& top) {
  SshLayer& s = base.ssh;
  take(s.user, top.ssh.user);
  take(s.port, top.ssh.port);
  take(s.identity_file, top.ssh.identity_file);
  take(s.known_hosts, top.ssh.known_hosts);
  take(s.host_key_policy, top.ssh.host_key_policy);
  take(s.connect_timeout, top.ssh.connect_timeout);
  take(s.command_timeout, top.ssh.command_timeout);
  take(s.jump_address, top.ssh.jump_address);
  take(s.jump_port, top.ssh.jump_port);
  take(s.jump_user, top.ssh.jump_user);
  take(base.install_root, top.install_root);
  take(base.artifact.kind, top.artifact.kind);
  take(base.artifact.path, top.artifact.path);
  take(base.artifact.path_origin, top.artifact.path_origin);
  take(base.artifact.java, top.artifact.java);
  take(base.service.manager, top.service.manager);
  take(base.service.user, top.service.user);
  take(base.service.user_origin, top.service.user_origin);
  take(base.service.stop_timeout, top.service.stop_timeout);
  take(base.service.heap_size, top.service.heap_size);
  take(base.rollout.health_timeout, top.rollout.health_timeout);
  take(base.rollout.max_zxid_lag, top.rollout.max_zxid_lag);
  for (const auto& [key, entry] : top.config) {
    const bool was_secret = base.config.count(key) != 0 && base.config[key].value.secret;
    ConfigEntry merged = entry;
    merged.value.secret = merged.value.secret || was_secret;
    base.config[key] = std::move(merged);
  }
}

SettingsLayer builtin_settings() {
  using std::chrono::milliseconds;
  SettingsLayer b;
  b.ssh.user = "root";
  b.ssh.port = 22;
  b.ssh.identity_file = resolve_local_path("~/.ssh/id_ed25519", "/");
  b.ssh.known_hosts = resolve_local_path("~/.ssh/known_hosts", "/");
  b.ssh.host_key_policy = HostKeyPolicy::strict;
  b.ssh.connect_timeout = milliseconds(10'000);
  b.ssh.command_timeout = milliseconds(300'000);
  b.install_root = "/opt/zkdeploy";
  b.artifact.kind = ArtifactKind::zkserver;
  b.artifact.java = "/usr/bin/java";
  b.service.manager = ServiceManager::direct;
  b.service.stop_timeout = milliseconds(30'000);
  b.rollout.health_timeout = milliseconds(60'000);
  b.rollout.max_zxid_lag = 0;
  const std::array<std::pair<std::string_view, std::string_view>, 7> config{{
      {"tickTime", "2000"},
      {"initLimit", "10"},
      {"syncLimit", "5"},
      {"clientPort", "2181"},
      {"quorumPort", "2888"},
      {"electionPort", "3888"},
      {"admin.enableServer", "false"},
  }};
  for (const auto& [key, value] : config) {
    b.config[std::string(key)] = {{std::string(value), false}, {}, "config." + std::string(key)};
  }
  return b;
}

}  // namespace zkd
