// Membership: proposing a single-server change, and keeping the configuration in force (and
// the leader's progress set) in step with the log.
#include "server/replication/codec.hpp"
#include "server/replication/node.hpp"

namespace zks::raft {

Proposal Node::propose_conf_change(const ConfChange& change) {
  if (role_ != Role::kLeader) return refuse(Refusal::kNotLeader, "not the leader");
  if (transferee_ != kNoNode) return refuse(Refusal::kTransferring, "leadership transfer");
  // pending_conf_index_ starts at this term's no-op, so this also requires an entry of this
  // term to be committed before the first change (the single-server change bug fix).
  if (pending_conf_index_ > log_.committed())
    return refuse(Refusal::kConfChangePending, "a configuration change is not committed yet");
  std::string why;
  auto next = apply_conf_change(conf_, change, why);
  if (!next) return refuse(Refusal::kInvalid, why);
  std::vector<Entry> entry;
  entry.push_back({term_, 0, EntryType::kConfChange, encode_conf_state(*next, change.context)});
  pending_conf_index_ = log_.append(std::move(entry));
  apply_conf(*next);
  broadcast_pending_ = true;
  return {Refusal::kNone, pending_conf_index_, term_, {}};
}

void Node::refresh_conf() {
  apply_conf(log_.conf_at(log_.last_index()));
}

void Node::apply_conf(const ConfState& conf) {
  conf_ = conf;
  if (role_ != Role::kLeader) return;
  std::erase_if(progress_, [&](const auto& item) { return !conf_.contains(item.first); });
  auto track = [&](NodeId id) {
    if (id == config_.id || progress_.contains(id)) return;
    Progress pr(log_.last_index() + 1, static_cast<std::size_t>(config_.max_inflight));
    // A grace period: a node just added (or a new term) is not held against check-quorum.
    pr.recent_active = true;
    pr.heard_at = ticks_;
    progress_.emplace(id, std::move(pr));
  };
  for (NodeId id : conf_.voters) track(id);
  for (NodeId id : conf_.learners) track(id);
  if (!conf_.voters.contains(transferee_)) transferee_ = kNoNode;
}

}  // namespace zks::raft
