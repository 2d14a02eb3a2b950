#include "server/ensemble/dynamic_config.hpp"

#include <algorithm>

namespace zks::ensemble {

std::string server_line(const Member& m) {
  std::string line = "server." + std::to_string(m.id) + "=" + m.host + ":" +
                     std::to_string(m.quorum_port) + ":" + std::to_string(m.election_port) +
                     (m.observer ? ":observer" : ":participant");
  if (m.client_port > 0) {
    line += ";" + (m.client_address.empty() ? std::string("0.0.0.0") : m.client_address) + ":" +
            std::to_string(m.client_port);
  }
  return line;
}

std::vector<Member> members_in(const std::vector<Member>& known, const raft::ConfState& conf) {
  std::vector<Member> out;
  for (const auto& m : known) {
    if (!conf.contains(m.id)) continue;
    out.push_back(m);
    out.back().observer = !conf.voters.contains(m.id);
  }
  return out;
}

std::string dynamic_config_text(const std::vector<Member>& members, const std::string& version) {
  const std::vector<Member> sorted = sorted_by_id(members);
  std::string text;
  for (const auto& m : sorted) text += server_line(m) + "\n";
  // cluster_id_of is "zk-<8 hex digits>"; the digits are the founding version.
  return text + "version=" + (version.empty() ? cluster_id_of(sorted).substr(3) : version);
}

namespace {

// Calls `fn` with each line of `text` that is neither blank nor the version line.
template <typename Fn>
void for_each_line(std::string_view text, Fn fn) {
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) fn(line);
  }
}

}  // namespace

std::vector<Member> parse_dynamic_config(std::string_view text, const std::string& name) {
  std::vector<Member> out;
  for_each_line(text, [&](std::string_view line) {
    if (!line.starts_with("version="))
      out.push_back(member_of(parse_server_line(std::string(line), name)));
  });
  return out;
}

std::string config_version(std::string_view text) {
  std::string version;
  for_each_line(text, [&](std::string_view line) {
    if (line.starts_with("version=")) version = line.substr(8);
  });
  return version;
}

}  // namespace zks::ensemble
