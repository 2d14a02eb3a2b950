#include "orchestrator/apply/leader_handover.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace zkd {

HandoverDecision decide_handover(const ClusterPlan& cluster, const std::string& leader,
                                 const std::string& unsupported) {
  HandoverDecision d;
  if (!unsupported.empty()) {
    d.skip_reason = unsupported;
    return d;
  }
  for (const HostPlan& h : cluster.hosts) {
    if (h.name == leader || h.role != MemberRole::participant || !h.health.healthy ||
        h.health.zxid_lag != std::optional<uint64_t>(0)) {
      continue;
    }
    if (d.target == 0 || h.myid < d.target) {
      d.target = h.myid;
      d.target_host = h.name;
    }
  }
  if (d.target == 0) d.skip_reason = "no healthy follower has caught up with the leader";
  return d;
}

std::string transfer_request(int64_t target) {
  return "GET /commands/transfer_leadership?target=" + std::to_string(target) +
         " HTTP/1.0\r\nConnection: close\r\n\r\n";
}

TransferReply parse_transfer_reply(std::string_view http) {
  const size_t body_at = http.find("\r\n\r\n");
  const std::string_view status = http.substr(0, http.find("\r\n"));
  if (body_at == std::string_view::npos || !status.starts_with("HTTP/")) {
    throw std::runtime_error("transfer_leadership: not an HTTP answer");
  }
  const nlohmann::json body = nlohmann::json::parse(http.substr(body_at + 4), nullptr, false);
  const std::string error = body.is_object() && body.contains("error") && body["error"].is_string()
                                ? body["error"].get<std::string>()
                                : "";
  if (status.find(" 200 ") == std::string_view::npos || !error.empty() || !body.is_object()) {
    throw std::runtime_error(
        "transfer_leadership refused: " + std::string(status.substr(status.find(' ') + 1)) +
        (error.empty() ? "" : ": " + error));
  }
  TransferReply r;
  r.old_leader = body.value("old_leader", int64_t{0});
  r.new_leader = body.value("new_leader", int64_t{0});
  r.elapsed_ms = body.value("elapsed_ms", int64_t{0});
  if (r.new_leader == 0 || r.new_leader == r.old_leader) {
    throw std::runtime_error("transfer_leadership answered without a new leader");
  }
  return r;
}

}  // namespace zkd
