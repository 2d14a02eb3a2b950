// Elections: pre-vote, vote, and becoming leader.
#include "server/replication/node.hpp"
#include "server/replication/quorum.hpp"

namespace zks::raft {

void Node::campaign(Campaign kind) {
  if (!promotable()) return;  // learners and removed nodes never campaign
  Term campaign_term;
  MessageType request;
  if (kind == Campaign::kPreElection) {
    // Term and vote stay: a pre-vote that fails leaves no trace on anybody.
    become_follower(term_, kNoNode);
    role_ = Role::kPreCandidate;
    campaign_term = term_ + 1;
    request = MessageType::kPreVote;
  } else {
    reset(term_ + 1);
    vote_ = config_.id;
    role_ = Role::kCandidate;
    campaign_term = term_;
    request = MessageType::kVote;
  }
  votes_[config_.id] = true;
  if (vote_outcome(conf_.voters, votes_) == VoteOutcome::kWon) {
    if (kind == Campaign::kPreElection)
      campaign(Campaign::kElection);
    else
      become_leader();
    return;
  }
  for (NodeId voter : conf_.voters) {
    if (voter == config_.id) continue;
    send({.type = request,
          .to = voter,
          .term = campaign_term,
          .log_term = log_.last_term(),
          .index = log_.last_index(),
          .context = kind == Campaign::kTransfer ? kTransferContext : 0});
  }
}

void Node::handle_vote_request(const Message& m) {
  bool pre = m.type == MessageType::kPreVote;
  MessageType response = pre ? MessageType::kPreVoteResp : MessageType::kVoteResp;
  // A vote already cast in this term may be repeated (the answer may have been lost); a
  // pre-vote for a later term binds nothing.
  bool can_vote =
      vote_ == m.from || (vote_ == kNoNode && leader_ == kNoNode) || (pre && m.term > term_);
  if (can_vote && log_.is_up_to_date(m.index, m.log_term)) {
    if (!pre) {
      election_elapsed_ = 0;
      vote_ = m.from;
    }
    send({.type = response, .to = m.from, .term = m.term});
  } else {
    send({.type = response, .to = m.from, .term = term_, .reject = true});
  }
}

void Node::handle_vote_response(const Message& m) {
  bool pre = role_ == Role::kPreCandidate;
  if (m.type != (pre ? MessageType::kPreVoteResp : MessageType::kVoteResp)) return;
  // A granted pre-vote carries the term we would campaign in; anything else is stale.
  if (pre && !m.reject && m.term != term_ + 1) return;
  votes_.emplace(m.from, !m.reject);
  switch (vote_outcome(conf_.voters, votes_)) {
    case VoteOutcome::kWon:
      if (pre)
        campaign(Campaign::kElection);
      else
        become_leader();
      break;
    case VoteOutcome::kLost:
      become_follower(term_, kNoNode);
      break;
    case VoteOutcome::kPending:
      break;
  }
}

void Node::become_leader() {
  reset(term_);
  role_ = Role::kLeader;
  leader_ = config_.id;
  apply_conf(conf_);
  // The no-op: entries of earlier terms commit only once an entry of this term does.
  std::vector<Entry> noop;
  noop.push_back({term_, 0, EntryType::kNormal, {}});
  pending_conf_index_ = log_.append(std::move(noop));
  broadcast_pending_ = true;
}

}  // namespace zks::raft
