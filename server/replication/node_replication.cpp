// Log replication: the leader's sending, flow control and commit rule, and the follower's
// handling of appends, heartbeats and snapshots.
#include <algorithm>

#include "server/replication/node.hpp"
#include "server/replication/quorum.hpp"

namespace zks::raft {

void Node::send_append(NodeId to, bool send_if_empty) {
  Progress& pr = progress_.at(to);
  // In replicate state keep streaming until the window is full or the log is exhausted.
  do {
    if (pr.paused()) return;
    auto prev_term = log_.term(pr.next - 1);
    auto entries = log_.slice(pr.next, config_.max_message_bytes);
    if (!prev_term || !entries) {
      send_snapshot(to, pr);
      return;
    }
    if (entries->empty() && !send_if_empty) return;
    Index prev = pr.next - 1;
    pr.sent_append(entries->size(), prev + entries->size());
    send({.type = MessageType::kAppend,
          .to = to,
          .log_term = *prev_term,
          .index = prev,
          .commit = log_.committed(),
          .entries = std::move(*entries)});
    send_if_empty = false;
  } while (pr.state == ProgressState::kReplicate && pr.next <= log_.last_index());
}

void Node::send_snapshot(NodeId to, Progress& pr) {
  // An inactive follower would not take it; wait until it answers something.
  if (!pr.recent_active) return;
  pr.become_snapshot(log_.snapshot().index);
  send({.type = MessageType::kSnapshot, .to = to, .snapshot = log_.snapshot()});
}

void Node::send_timeout_now(NodeId to) {
  send({.type = MessageType::kTimeoutNow, .to = to});
}

void Node::broadcast_append() {
  for (auto& [id, pr] : progress_) send_append(id, true);
}

void Node::send_heartbeat(NodeId to, const Progress& pr) {
  send({.type = MessageType::kHeartbeat,
        .to = to,
        .commit = std::min(pr.match, log_.committed()),
        .context = reads_.current_round()});
}

void Node::broadcast_heartbeat() {
  for (auto& [id, pr] : progress_) send_heartbeat(id, pr);
}

void Node::handle_append_response(const Message& m, Progress& pr) {
  if (m.reject) {
    Index hint =
        m.log_term > 0 ? log_.find_conflict_by_term(m.reject_hint, m.log_term) : m.reject_hint;
    if (pr.maybe_decrease_to(m.index, hint)) {
      if (pr.state == ProgressState::kReplicate) pr.become_probe();
      send_append(m.from, true);
    }
    return;
  }
  bool probe_answered = pr.state == ProgressState::kProbe && pr.match == m.index;
  if (!pr.maybe_update(m.index) && !probe_answered) return;
  switch (pr.state) {
    case ProgressState::kProbe:
      pr.become_replicate();
      break;
    case ProgressState::kSnapshot:
      if (pr.match + 1 >= log_.first_index()) pr.become_replicate();
      break;
    case ProgressState::kReplicate:
      pr.inflights.free_up_to(m.index);
      break;
  }
  if (maybe_commit()) on_commit_advanced();
  if (role_ != Role::kLeader || !progress_.contains(m.from)) return;
  send_append(m.from, false);
  if (m.from == transferee_ && pr.match == log_.last_index()) send_timeout_now(m.from);
}

void Node::handle_heartbeat_response(const Message& m, Progress& pr) {
  pr.probe_sent = false;
  if (pr.state == ProgressState::kReplicate && pr.inflights.full()) pr.inflights.free_first();
  // Behind, or in probe (an empty append confirms the match and resumes streaming).
  if (pr.match < log_.last_index() || pr.state == ProgressState::kProbe) send_append(m.from, true);
  if (conf_.voters.contains(m.from)) {
    reads_.acknowledge(m.from, m.context);
    release_reads();
  }
}

bool Node::maybe_commit() {
  Index index = majority_index(conf_.voters, [&](NodeId id) -> Index {
    if (id == config_.id) return log_.persisted();
    auto it = progress_.find(id);
    return it == progress_.end() ? 0 : it->second.match;
  });
  // Figure 8: replica counting commits only entries of the leader's own term.
  if (index <= log_.committed() || log_.term(index) != term_) return false;
  log_.commit_to(index);
  return true;
}

void Node::on_commit_advanced() {
  broadcast_pending_ = true;  // followers learn the new commit index
  // Reads that arrived before this term's first commit can now take a read point.
  std::vector<std::uint64_t> deferred = reads_.take_deferred();
  for (auto id : deferred) reads_.start(id, log_.committed());
  if (!deferred.empty()) {
    heartbeat_pending_ = true;
    release_reads();
  }
  // A leader that removed itself from the voters hands over once the change commits.
  if (!conf_.voters.contains(config_.id) && log_.committed() >= pending_conf_index_) {
    broadcast_append();
    for (const auto& [id, pr] : progress_) {
      if (conf_.voters.contains(id) && pr.match == log_.last_index()) {
        send_timeout_now(id);
        break;
      }
    }
    become_follower(term_, kNoNode);
  }
}

void Node::release_reads() {
  for (const auto& read : reads_.release(conf_.voters, config_.id)) read_states_.push_back(read);
}

void Node::reply_append(const Message& m, Index index, bool reject, Index hint, Term hint_term) {
  send({.type = MessageType::kAppendResp,
        .to = m.from,
        .log_term = hint_term,
        .index = index,
        .reject = reject,
        .reject_hint = hint});
}

void Node::handle_append(const Message& m) {
  for (std::size_t i = 0; i < m.entries.size(); ++i)
    if (m.entries[i].index != m.index + 1 + i) return;  // malformed: not a contiguous run
  if (m.index < log_.committed()) {
    reply_append(m, log_.committed(), false, 0, 0);
    return;
  }
  bool truncated = false;
  if (auto last_new = log_.maybe_append(m.index, m.log_term, m.entries, truncated)) {
    bool conf_changed = truncated || std::any_of(m.entries.begin(), m.entries.end(), [](auto& e) {
                          return e.type == EntryType::kConfChange;
                        });
    if (conf_changed) refresh_conf();
    log_.commit_to(std::min(m.commit, *last_new));
    reply_append(m, *last_new, false, 0, 0);
    return;
  }
  // Hint the leader at the last index whose term is not above the leader's term at m.index,
  // so it skips a whole conflicting term per round trip.
  Index hint = log_.find_conflict_by_term(std::min(m.index, log_.last_index()), m.log_term);
  reply_append(m, m.index, true, hint, log_.term(hint).value_or(0));
}

void Node::handle_heartbeat(const Message& m) {
  // The leader sends at most our acknowledged match, which is in our durable log.
  if (m.commit <= log_.last_index()) log_.commit_to(m.commit);
  send({.type = MessageType::kHeartbeatResp, .to = m.from, .context = m.context});
}

void Node::handle_snapshot(const Message& m) {
  const SnapshotMeta& snap = m.snapshot;
  if (snap.index <= log_.committed()) {
    reply_append(m, log_.committed(), false, 0, 0);
    return;
  }
  if (log_.match_term(snap.index, snap.term)) {
    // We hold the snapshot's last entry: keep the log (and what follows) and just commit.
    log_.commit_to(snap.index);
    reply_append(m, log_.committed(), false, 0, 0);
    return;
  }
  log_.restore(snap);
  refresh_conf();
  reply_append(m, log_.last_index(), false, 0, 0);
}

}  // namespace zks::raft
