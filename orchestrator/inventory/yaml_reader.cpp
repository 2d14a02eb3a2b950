#include "orchestrator/inventory/yaml_reader.hpp"

#include <charconv>

#include "orchestrator/inventory/suggest.hpp"
#include "orchestrator/inventory/units.hpp"

namespace zkd {

std::string join_key(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

SourceLocation YamlReader::location(const YAML::Node& at) const {
  const YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
  if (m.is_null()) return {file_, 0, 0};
  return {file_, m.line + 1, m.column + 1};
}

void YamlReader::report(Severity s, const SourceLocation& where, const std::string& key,
                        std::string message) {
  out_.push_back({s, where.file, where.line, where.column, key, std::move(message)});
}

void YamlReader::error(const YAML::Node& at, const std::string& key, std::string message) {
  report(Severity::error, location(at), key, std::move(message));
}

void YamlReader::warning(const YAML::Node& at, const std::string& key, std::string message) {
  report(Severity::warning, location(at), key, std::move(message));
}

std::string YamlReader::describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "'" + n.Scalar() + "'";
    default:
      return "nothing";
  }
}

std::optional<std::vector<YamlEntry>> YamlReader::mapping(
    const YAML::Node& node, const std::string& path,
    std::optional<std::span<const std::string_view>> allowed) {
  if (!node.IsMap()) {
    error(node, path, "expected a mapping, found " + describe(node));
    return std::nullopt;
  }
  std::vector<YamlEntry> entries;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      error(kv.first, path, "keys must be plain strings, found " + describe(kv.first));
      continue;
    }
    const std::string key = kv.first.Scalar();
    const std::string key_path = join_key(path, key);
    bool repeated = false;
    for (const YamlEntry& e : entries) {
      if (e.key == key) {
        const SourceLocation first = location(e.key_node);
        error(kv.first, key_path,
              "duplicate key (first set at line " + std::to_string(first.line) + ")");
        repeated = true;
        break;
      }
    }
    if (repeated) continue;
    if (allowed) {
      bool known = false;
      for (std::string_view a : *allowed) known = known || a == key;
      if (!known) {
        error(kv.first, key_path, "unknown key '" + key + "'" + did_you_mean(key, *allowed));
        continue;
      }
    }
    entries.push_back({key, key_path, kv.first, kv.second});
  }
  return entries;
}

void YamlReader::require_keys(const YAML::Node& map, const std::string& path,
                              const std::vector<YamlEntry>& entries,
                              std::span<const std::string_view> required) {
  for (std::string_view r : required) {
    bool present = false;
    for (const YamlEntry& e : entries) present = present || e.key == r;
    if (!present) error(map, join_key(path, r), "missing required key '" + std::string(r) + "'");
  }
}

std::optional<std::string> YamlReader::scalar(const YAML::Node& n, const std::string& path,
                                              std::string_view expected) {
  if (!n.IsScalar()) {
    error(n, path, "expected " + std::string(expected) + ", found " + describe(n));
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<std::string> YamlReader::string(const YAML::Node& n, const std::string& path) {
  auto s = scalar(n, path, "a string");
  if (s && s->empty()) {
    error(n, path, "expected a non-empty string");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> YamlReader::safe_string(const YAML::Node& n, const std::string& path,
                                                   std::string (*check)(std::string_view),
                                                   std::string_view what) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  const std::string why = check(*s);
  if (!why.empty()) {
    error(n, path, "unsafe " + std::string(what) + " '" + *s + "': " + why);
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& n, const std::string& path,
                                                std::int64_t min, std::int64_t max) {
  auto s = scalar(n, path, "an integer");
  if (!s) return std::nullopt;
  std::int64_t v = 0;
  const char* begin = s->data();
  const char* end = begin + s->size();
  if (!s->empty() && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || begin == end) {
    error(n, path, "expected an integer, found '" + *s + "'");
    return std::nullopt;
  }
  if (v < min || v > max) {
    error(n, path,
          "value " + *s + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& n, const std::string& path) {
  auto s = scalar(n, path, "true or false");
  if (!s) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  error(n, path, "expected true or false, found '" + *s + "'");
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> YamlReader::duration(const YAML::Node& n,
                                                              const std::string& path) {
  auto s = scalar(n, path, "a duration");
  if (!s) return std::nullopt;
  auto parsed = parse_duration(*s);
  if (!parsed.ok()) {
    error(n, path, "bad duration '" + *s + "': " + parsed.error);
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<std::uint64_t> YamlReader::size(const YAML::Node& n, const std::string& path) {
  auto s = scalar(n, path, "a size");
  if (!s) return std::nullopt;
  auto parsed = parse_size(*s);
  if (!parsed.ok()) {
    error(n, path, "bad size '" + *s + "': " + parsed.error);
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<size_t> YamlReader::choice(const YAML::Node& n, const std::string& path,
                                         std::span<const std::string_view> choices) {
  std::string list;
  for (std::string_view c : choices) list += (list.empty() ? "" : " | ") + std::string(c);
  auto s = scalar(n, path, "one of " + list);
  if (!s) return std::nullopt;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (choices[i] == *s) return i;
  }
  error(n, path, "unknown value '" + *s + "', expected one of " + list + did_you_mean(*s, choices));
  return std::nullopt;
}

}  // namespace zkd
