#include "orchestrator/probe/server_status.hpp"

#include "orchestrator/probe/conf_reply.hpp"
#include "orchestrator/probe/liveness_reply.hpp"
#include "orchestrator/probe/mntr_reply.hpp"
#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

namespace {

// Parses `reply` if present, notes a problem if unusable; returns the value when ok.
template <class T, class Parser>
std::optional<T> read_word(const std::optional<std::string>& reply, Parser parse,
                           ServerStatus& status) {
  if (!reply) return std::nullopt;
  if (!trim(*reply).empty()) status.answered = true;
  Parsed<T> parsed = parse(*reply);
  if (!parsed.ok()) {
    status.problems.push_back(parsed.reason);
    return std::nullopt;
  }
  return std::move(parsed.value);
}

void take_srvr(const SrvrReply& srvr, ServerStatus& status) {
  status.serving = true;
  status.mode = srvr.mode;
  status.mode_text = srvr.mode_text;
  status.zxid = srvr.zxid;
  status.version = srvr.version;
  status.connections = srvr.connections;
  status.outstanding = srvr.outstanding;
  status.node_count = srvr.node_count;
  status.latency = srvr.latency;
}

void take_mntr(const MntrReply& mntr, ServerStatus& status) {
  if (!status.serving) {  // srvr unusable: mntr still shows the mode, but no zxid
    status.serving = true;
    status.mode = mntr.mode;
    status.mode_text = mntr.server_state;
    status.version = mntr.version;
    status.connections = mntr.alive_connections;
    status.outstanding = mntr.outstanding_requests;
    status.node_count = mntr.znode_count;
  }
  status.quorum_size = mntr.quorum_size;
  status.learners = mntr.learners;
  status.followers = mntr.followers;
  status.synced_followers = mntr.synced_followers;
  status.synced_non_voting_followers = mntr.synced_non_voting_followers;
  status.synced_observers = mntr.synced_observers;
  status.pending_syncs = mntr.pending_syncs;
}

}  // namespace

ServerStatus status_from_replies(const ProbeReplies& replies) {
  ServerStatus status;
  if (!replies.connect_error.empty()) status.problems.push_back(replies.connect_error);

  if (auto imok = read_word<bool>(replies.ruok, parse_ruok, status)) status.imok = *imok;
  if (auto srvr = read_word<SrvrReply>(replies.srvr, parse_srvr, status)) take_srvr(*srvr, status);
  if (auto mntr = read_word<MntrReply>(replies.mntr, parse_mntr, status)) take_mntr(*mntr, status);
  if (auto conf = read_word<ConfReply>(replies.conf, parse_conf, status)) {
    status.members = std::move(conf->members);
  }
  if (auto read_only = read_word<bool>(replies.isro, parse_isro, status)) {
    status.read_only = *read_only;
  }
  return status;
}

}  // namespace zkd
