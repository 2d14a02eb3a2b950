// The overridable settings (ssh, install_root, artifact, service, config, rollout) as one
// level of the inventory states them: `defaults:`, a cluster or a host. Each level is read
// and checked on its own, then levels are overlaid key by key (a later level wins).
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/inventory/yaml_reader.hpp"

namespace zkd {

struct SshLayer {
  std::optional<std::string> user;
  std::optional<int> port;
  std::optional<std::filesystem::path> identity_file;
  std::optional<std::filesystem::path> known_hosts;
  std::optional<HostKeyPolicy> host_key_policy;
  std::optional<std::chrono::milliseconds> connect_timeout;
  std::optional<std::chrono::milliseconds> command_timeout;
  std::optional<std::string> jump_address;
  std::optional<int> jump_port;
  std::optional<std::string> jump_user;
};

// Where a value was set: its position and its dotted key.
struct Origin {
  SourceLocation location;
  std::string key;
  std::string text;  // the value as written (messages quote it, not the resolved path)
};

struct ArtifactLayer {
  std::optional<ArtifactKind> kind;
  std::optional<std::filesystem::path> path;
  std::optional<Origin> path_origin;
  std::optional<std::string> java;
};

struct ServiceLayer {
  std::optional<ServiceManager> manager;
  std::optional<std::string> user;
  std::optional<Origin> user_origin;
  std::optional<std::chrono::milliseconds> stop_timeout;
  std::optional<std::uint64_t> heap_size;
};

struct RolloutLayer {
  std::optional<std::chrono::milliseconds> health_timeout;
  std::optional<std::uint64_t> max_zxid_lag;
};

// A zoo.cfg setting with where it was set (for errors found after merging).
struct ConfigEntry {
  ConfigValue value;
  SourceLocation location;
  std::string key_path;
};

struct SettingsLayer {
  SshLayer ssh;
  std::optional<std::string> install_root;
  ArtifactLayer artifact;
  ServiceLayer service;
  std::map<std::string, ConfigEntry> config;
  RolloutLayer rollout;
};

inline constexpr std::array<std::string_view, 6> kSettingKeys{"ssh",     "install_root", "artifact",
                                                              "service", "config",       "rollout"};

// Where local paths (identity files, artifacts, templates) are resolved: relative paths
// against the inventory's directory, "~" against $HOME.
std::filesystem::path resolve_local_path(std::string_view text, const std::filesystem::path& base);

// Reads `entry` into `layer` if it is one of kSettingKeys; false if it is another key.
bool read_setting(YamlReader& reader, const YamlEntry& entry, const std::filesystem::path& base,
                  SettingsLayer& layer);

// Overlays `top` onto `base`: every value `top` sets replaces the one in `base`; a config
// key once marked secret stays secret.
void overlay(SettingsLayer& base, const SettingsLayer& top);

// The built-in bottom level: the documented defaults of every optional setting.
SettingsLayer builtin_settings();

}  // namespace zkd
