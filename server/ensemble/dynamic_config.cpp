#include "server/ensemble/dynamic_config.hpp"

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

std::string dynamic_config_text(const std::vector<Member>& members) {
  const std::vector<Member> sorted = sorted_by_id(members);
  std::string text;
  for (const auto& m : sorted) text += server_line(m) + "\n";
  // cluster_id_of is "zk-<8 hex digits>"; the digits are the version.
  return text + "version=" + cluster_id_of(sorted).substr(3);
}

}  // namespace zks::ensemble
