#include "orchestrator/probe/mntr_reply.hpp"

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

namespace {

struct IntKey {
  std::string_view key;
  std::optional<int64_t> MntrReply::*field;
};

constexpr IntKey kIntKeys[] = {
    {"zk_znode_count", &MntrReply::znode_count},
    {"zk_num_alive_connections", &MntrReply::alive_connections},
    {"zk_outstanding_requests", &MntrReply::outstanding_requests},
    {"zk_quorum_size", &MntrReply::quorum_size},
    {"zk_min_latency", &MntrReply::min_latency},
    {"zk_max_latency", &MntrReply::max_latency},
    {"zk_learners", &MntrReply::learners},
    {"zk_followers", &MntrReply::followers},
    {"zk_synced_followers", &MntrReply::synced_followers},
    {"zk_synced_non_voting_followers", &MntrReply::synced_non_voting_followers},
    {"zk_synced_observers", &MntrReply::synced_observers},
    {"zk_pending_syncs", &MntrReply::pending_syncs},
};

}  // namespace

Parsed<MntrReply> parse_mntr(std::string_view reply) {
  if (auto refusal = classify_refusal("mntr", reply)) return refused<MntrReply>(*refusal);

  MntrReply out;
  size_t line_number = 0;
  for (std::string_view line : split_lines(reply)) {
    ++line_number;
    if (trim(line).empty()) continue;
    const std::string where = "line " + std::to_string(line_number);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) {
      return malformed<MntrReply>("mntr", where + " is not 'key<TAB>value'");
    }
    std::string_view key = line.substr(0, tab);
    std::string_view value = line.substr(tab + 1);
    if (!out.all.emplace(std::string(key), std::string(value)).second) {
      return malformed<MntrReply>("mntr", where + " repeats key " + std::string(key));
    }
    auto bad_number = [&] {
      return malformed<MntrReply>("mntr", where + ": " + std::string(key) + " is not a number: '" +
                                              std::string(value) + "'");
    };
    if (key == "zk_version") {
      out.version = std::string(value);
    } else if (key == "zk_server_state") {
      out.server_state = std::string(value);
      out.mode = parse_mode(value);
    } else if (key == "zk_peer_state") {
      out.peer_state = std::string(value);
    } else if (key == "zk_avg_latency") {
      out.avg_latency = parse_double(value);
      if (!out.avg_latency) return bad_number();
    } else {
      for (const IntKey& known : kIntKeys) {
        if (key != known.key) continue;
        out.*known.field = parse_int(value);
        if (!(out.*known.field)) return bad_number();
      }
    }
  }
  if (out.server_state.empty()) return malformed<MntrReply>("mntr", "no zk_server_state key");
  return Parsed<MntrReply>{ReplyKind::ok, {}, std::move(out)};
}

}  // namespace zkd
