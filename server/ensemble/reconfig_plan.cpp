#include "server/ensemble/reconfig_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "server/ensemble/dynamic_config.hpp"
#include "server/protocol/reconfig_check.hpp"

namespace zks::ensemble {
namespace {

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n,");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n,") - b + 1);
}

ReconfigPlan refuse(Error error, std::string why) {
  ReconfigPlan p;
  p.error = error;
  p.why = std::move(why);
  return p;
}

bool parse_id(const std::string& text, raft::NodeId& id) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v == 0) return false;
  id = v;
  return true;
}

}  // namespace

ReconfigPlan plan_reconfig(const ReconfigRequest& request, const std::vector<Member>& in_force,
                           const std::string& version, raft::Index entry_index) {
  std::string why;
  if (Error e = check_reconfig(request, why); e != Error::kOk) return refuse(e, why);
  if (request.from_config != -1) {
    char* end = nullptr;
    const unsigned long long current = std::strtoull(version.c_str(), &end, 16);
    if (version.empty() || *end != '\0' || static_cast<int64_t>(current) != request.from_config) {
      return refuse(Error::kBadVersion, "fromConfig " + std::to_string(request.from_config) +
                                            " is not the configuration in force (version " +
                                            version + ")");
    }
  }
  ReconfigPlan p;
  p.members = in_force;
  auto find = [&](raft::NodeId id) {
    return std::find_if(p.members.begin(), p.members.end(),
                        [id](const Member& m) { return m.id == id; });
  };
  const std::string joining = trimmed(request.joining);
  if (!joining.empty()) {
    Member joiner;
    try {
      joiner = member_of(parse_server_line(joining, "reconfig joining"));
    } catch (const ConfigError& e) {
      return refuse(Error::kBadArguments, e.what());
    }
    const std::string name = "server." + std::to_string(joiner.id);
    if (auto it = find(joiner.id); it != p.members.end()) {
      if (it->host != joiner.host || it->quorum_port != joiner.quorum_port ||
          it->election_port != joiner.election_port) {
        return refuse(Error::kBadArguments,
                      name + " is a member at other addresses; remove it first");
      }
      if (it->observer == joiner.observer) {
        return refuse(Error::kBadArguments, name + " is already a member in that role");
      }
      *it = joiner;
    } else {
      p.members.push_back(joiner);
    }
    p.change.type =
        joiner.observer ? raft::ConfChangeType::kAddLearner : raft::ConfChangeType::kAddVoter;
    p.change.node = joiner.id;
  } else {
    const std::string leaving = trimmed(request.leaving);
    raft::NodeId id = raft::kNoNode;
    if (!parse_id(leaving, id))
      return refuse(Error::kBadArguments, "bad server id '" + leaving + "'");
    auto it = find(id);
    if (it == p.members.end()) {
      return refuse(Error::kBadArguments, "server." + leaving + " is not a member");
    }
    p.members.erase(it);
    p.change.type = raft::ConfChangeType::kRemoveNode;
    p.change.node = id;
  }
  for (const auto& m : p.members) (m.observer ? p.next.learners : p.next.voters).insert(m.id);
  if (p.next.voters.empty()) {
    return refuse(Error::kBadArguments, "the change would leave no participant");
  }
  char hex[32];
  std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(entry_index));
  p.change.context = dynamic_config_text(p.members, hex);
  return p;
}

bool quorum_live(const raft::ConfState& conf, const std::set<raft::NodeId>& live) {
  const size_t up = static_cast<size_t>(std::count_if(
      conf.voters.begin(), conf.voters.end(), [&](raft::NodeId id) { return live.contains(id); }));
  return up > conf.voters.size() / 2;
}

}  // namespace zks::ensemble
