// Typed reading of YAML nodes that records a Diagnostic (file:line:col, key path, reason)
// for every node that has the wrong shape, instead of throwing. The inventory loader is
// written on top of it; nothing here knows the inventory schema.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/inventory/diagnostic.hpp"

namespace zkd {

// One key of a mapping, with the node of the key itself (for its position) and its value.
struct YamlEntry {
  std::string key;
  std::string path;  // dotted path of this key
  YAML::Node key_node;
  YAML::Node value;
};

std::string join_key(const std::string& path, std::string_view key);

class YamlReader {
 public:
  YamlReader(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(out) {}

  const std::string& file() const { return file_; }
  SourceLocation location(const YAML::Node& at) const;
  void error(const YAML::Node& at, const std::string& key, std::string message);
  void warning(const YAML::Node& at, const std::string& key, std::string message);
  void report(Severity s, const SourceLocation& where, const std::string& key, std::string message);

  // The entries of a mapping. Reports a non-mapping node, non-string keys, repeated keys
  // (the first one wins) and, when `allowed` is given, keys outside it with a suggestion.
  std::optional<std::vector<YamlEntry>> mapping(
      const YAML::Node& node, const std::string& path,
      std::optional<std::span<const std::string_view>> allowed);
  // Reports every key of `required` that `entries` lacks, at the mapping's position.
  void require_keys(const YAML::Node& map, const std::string& path,
                    const std::vector<YamlEntry>& entries,
                    std::span<const std::string_view> required);

  std::optional<std::string> string(const YAML::Node& n, const std::string& path);
  // A string that `check` accepts (returns no reason for); otherwise reports
  // "unsafe <what> '<value>': <reason>".
  std::optional<std::string> safe_string(const YAML::Node& n, const std::string& path,
                                         std::string (*check)(std::string_view),
                                         std::string_view what);
  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& path,
                                      std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(const YAML::Node& n, const std::string& path);
  std::optional<std::chrono::milliseconds> duration(const YAML::Node& n, const std::string& path);
  std::optional<std::uint64_t> size(const YAML::Node& n, const std::string& path);
  // The index in `choices` of the scalar's value.
  std::optional<size_t> choice(const YAML::Node& n, const std::string& path,
                               std::span<const std::string_view> choices);

  // Explains what a node holds, for "expected X, found Y" messages.
  static std::string describe(const YAML::Node& n);

 private:
  std::optional<std::string> scalar(const YAML::Node& n, const std::string& path,
                                    std::string_view expected);

  std::string file_;
  std::vector<Diagnostic>& out_;
};

}  // namespace zkd
