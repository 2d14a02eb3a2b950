#include "orchestrator/render/redact.hpp"

#include "orchestrator/inventory/secret.hpp"

namespace zkd {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string redact_line(std::string_view line, const std::set<std::string>& secret_keys) {
  const std::string_view body = trim(line);
  if (body.empty() || body.front() == '#' || body.front() == '!') return std::string(line);
  const size_t eq = line.find('=');
  if (eq == std::string_view::npos) return std::string(line);
  const std::string key(trim(line.substr(0, eq)));
  if (secret_keys.count(key) == 0 && !is_secret_key(key)) return std::string(line);
  size_t value = eq + 1;
  while (value < line.size() && (line[value] == ' ' || line[value] == '\t')) ++value;
  return std::string(line.substr(0, value)) + std::string(kRedacted);
}

}  // namespace

std::string redact_key_values(std::string_view content, const std::set<std::string>& secret_keys) {
  std::string out;
  out.reserve(content.size());
  while (!content.empty()) {
    const size_t nl = content.find('\n');
    const std::string_view line = content.substr(0, nl);
    out += redact_line(line, secret_keys);
    if (nl == std::string_view::npos) break;
    out += '\n';
    content.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace zkd
