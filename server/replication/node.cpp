#include "server/replication/node.hpp"

#include <algorithm>
#include <utility>

#include "server/replication/codec.hpp"
#include "server/replication/invariant.hpp"
#include "server/replication/quorum.hpp"

namespace zks::raft {

namespace {

const Config& checked(const Config& config) {
  if (!validate_config(config).empty()) invariant_broken("invalid raft config");
  return config;
}

}  // namespace

PersistentState bootstrap_state(const ConfState& initial) {
  PersistentState state;
  state.hard_state = {1, kNoNode, 1};
  state.entries.push_back({1, 1, EntryType::kConfChange, encode_conf_state(initial)});
  return state;
}

Node::Node(Config config, PersistentState state)
    : config_(checked(config)),
      random_(config.seed ^ (config.id * 0x9e3779b97f4a7c15ULL)),
      log_(std::move(state.snapshot), std::move(state.entries), state.hard_state.commit,
           state.applied) {
  term_ = state.hard_state.term;
  vote_ = state.hard_state.vote;
  last_hard_state_ = {term_, vote_, log_.committed()};
  applied_ = log_.applying();
  refresh_conf();
  become_follower(term_, kNoNode);
}

void Node::reset(Term term) {
  if (term != term_) {
    term_ = term;
    vote_ = kNoNode;
  }
  leader_ = kNoNode;
  election_elapsed_ = 0;
  heartbeat_elapsed_ = 0;
  randomized_election_timeout_ =
      config_.election_tick + static_cast<int>(random_.below(config_.election_tick));
  votes_.clear();
  deferred_pre_votes_.clear();
  progress_.clear();
  transferee_ = kNoNode;
  broadcast_pending_ = heartbeat_pending_ = false;
  for (auto id : reads_.abort_all()) aborted_reads_.push_back(id);
}

void Node::become_follower(Term term, NodeId leader) {
  reset(term);
  role_ = Role::kFollower;
  leader_ = leader;
}

bool Node::in_lease() const {
  return config_.check_quorum && leader_ != kNoNode && election_elapsed_ < config_.election_tick;
}

void Node::send(Message m) {
  m.from = config_.id;
  if (m.term == 0) m.term = term_;
  messages_.push_back(std::move(m));
}

Proposal Node::refuse(Refusal refusal, std::string why) const {
  return {refusal, 0, 0, std::move(why)};
}

void Node::leader_unreachable(int campaign_after) {
  if (role_ != Role::kFollower || leader_ == kNoNode) return;
  leader_ = kNoNode;  // out of lease
  election_elapsed_ = 0;
  // A peer that noticed first may already have asked: answer it now, or its pre-vote and our
  // own (refused by it when our log is behind) would both wait for an election timeout.
  auto deferred = std::exchange(deferred_pre_votes_, {});
  for (const auto& [from, request] : deferred) step(request);
  expedite_campaign(campaign_after);
}

void Node::expedite_campaign(int campaign_after) {
  if (role_ == Role::kLeader || leader_ != kNoNode) return;
  election_elapsed_ =
      std::max(election_elapsed_, randomized_election_timeout_ - std::max(campaign_after, 0));
  if (campaign_after <= 0 && promotable()) {
    campaign(config_.pre_vote ? Campaign::kPreElection : Campaign::kElection);
  }
}

void Node::tick() {
  ++ticks_;
  if (role_ == Role::kLeader)
    tick_heartbeat();
  else
    tick_election();
}

void Node::tick_election() {
  ++election_elapsed_;
  if (promotable() && election_elapsed_ >= randomized_election_timeout_)
    campaign(config_.pre_vote ? Campaign::kPreElection : Campaign::kElection);
}

void Node::tick_heartbeat() {
  ++heartbeat_elapsed_;
  ++election_elapsed_;
  if (election_elapsed_ >= config_.election_tick) {
    election_elapsed_ = 0;
    if (config_.check_quorum) {
      bool live = has_majority(conf_.voters, [&](NodeId id) {
        return id == config_.id || (progress_.contains(id) && progress_.at(id).recent_active);
      });
      for (auto& [id, pr] : progress_) pr.recent_active = false;
      if (!live) {
        become_follower(term_, kNoNode);
        return;
      }
    }
    transferee_ = kNoNode;  // a transfer that has not completed within a timeout is aborted
  }
  if (heartbeat_elapsed_ >= config_.heartbeat_tick) {
    heartbeat_elapsed_ = 0;
    broadcast_heartbeat();
  }
}

void Node::step(const Message& m) {
  if (m.to != config_.id || m.from == kNoNode || m.from == config_.id) return;
  if (m.term > term_) {
    bool vote_request = m.type == MessageType::kVote || m.type == MessageType::kPreVote;
    bool forced = m.type == MessageType::kVote && m.context == kTransferContext;
    // Leader stickiness: a live leader is not deposed by a node that merely lost contact.
    // A pre-vote is kept, though: should this node learn that the leader is gone after all
    // (leader_unreachable), it answers then instead of leaving the candidate waiting out a
    // whole election timeout.
    if (vote_request && !forced && in_lease()) {
      if (m.type == MessageType::kPreVote) deferred_pre_votes_[m.from] = m;
      return;
    }
    bool future_term_only =
        m.type == MessageType::kPreVote || (m.type == MessageType::kPreVoteResp && !m.reject);
    if (!future_term_only) {
      bool from_leader = m.type == MessageType::kAppend || m.type == MessageType::kHeartbeat ||
                         m.type == MessageType::kSnapshot;
      become_follower(m.term, from_leader ? m.from : kNoNode);
    }
  } else if (m.term < term_) {
    if (m.type == MessageType::kAppend || m.type == MessageType::kHeartbeat) {
      // A leader of an old term (e.g. cut off, so it never saw our term): tell it, so it
      // steps down. With pre-vote it may otherwise never learn.
      send({.type = MessageType::kAppendResp, .to = m.from});
    } else if (m.type == MessageType::kPreVote) {
      send({.type = MessageType::kPreVoteResp, .to = m.from, .reject = true});
    }
    return;
  }

  if (m.type == MessageType::kVote || m.type == MessageType::kPreVote) {
    handle_vote_request(m);
    return;
  }
  switch (role_) {
    case Role::kLeader:
      step_leader(m);
      break;
    case Role::kCandidate:
    case Role::kPreCandidate:
      step_candidate(m);
      break;
    case Role::kFollower:
      step_follower(m);
      break;
  }
}

void Node::step_leader(const Message& m) {
  auto it = progress_.find(m.from);
  if (it == progress_.end()) return;
  Progress& pr = it->second;
  pr.recent_active = true;
  pr.heard_at = ticks_;
  if (m.type == MessageType::kAppendResp)
    handle_append_response(m, pr);
  else if (m.type == MessageType::kHeartbeatResp)
    handle_heartbeat_response(m, pr);
}

void Node::step_candidate(const Message& m) {
  switch (m.type) {
    case MessageType::kAppend:
    case MessageType::kHeartbeat:
    case MessageType::kSnapshot:
      become_follower(term_, m.from);
      step_follower(m);
      break;
    case MessageType::kPreVoteResp:
    case MessageType::kVoteResp:
      handle_vote_response(m);
      break;
    default:
      break;
  }
}

void Node::step_follower(const Message& m) {
  switch (m.type) {
    case MessageType::kAppend:
    case MessageType::kHeartbeat:
    case MessageType::kSnapshot:
      election_elapsed_ = 0;
      leader_ = m.from;
      if (m.type == MessageType::kAppend)
        handle_append(m);
      else if (m.type == MessageType::kHeartbeat)
        handle_heartbeat(m);
      else
        handle_snapshot(m);
      break;
    case MessageType::kTimeoutNow:
      campaign(Campaign::kTransfer);
      break;
    default:
      break;
  }
}

Proposal Node::propose(std::string data) {
  if (role_ != Role::kLeader) return refuse(Refusal::kNotLeader, "not the leader");
  if (transferee_ != kNoNode) return refuse(Refusal::kTransferring, "leadership transfer");
  std::vector<Entry> entry;
  entry.push_back({term_, 0, EntryType::kNormal, std::move(data)});
  Index index = log_.append(std::move(entry));
  broadcast_pending_ = true;
  return {Refusal::kNone, index, term_, {}};
}

Proposal Node::transfer_leadership(NodeId target) {
  if (role_ != Role::kLeader) return refuse(Refusal::kNotLeader, "not the leader");
  if (target == config_.id || target == transferee_) return {};
  if (!conf_.voters.contains(target))
    return refuse(Refusal::kInvalid, "node " + std::to_string(target) + " is not a voter");
  transferee_ = target;
  election_elapsed_ = 0;  // the transfer is aborted if not done within an election timeout
  if (progress_.at(target).match == log_.last_index())
    send_timeout_now(target);
  else
    send_append(target, true);
  return {};
}

Proposal Node::read_index(std::uint64_t request_id) {
  if (role_ != Role::kLeader) return refuse(Refusal::kNotLeader, "not the leader");
  if (log_.term(log_.committed()) != term_) {
    reads_.defer(request_id);
  } else {
    reads_.start(request_id, log_.committed());
    heartbeat_pending_ = true;
    release_reads();
  }
  return {};
}

void Node::report_unreachable(NodeId peer) {
  if (role_ != Role::kLeader || !progress_.contains(peer)) return;
  Progress& pr = progress_.at(peer);
  if (pr.state == ProgressState::kReplicate) pr.become_probe();
}

void Node::peer_connected(NodeId peer) {
  if (role_ != Role::kLeader || peer == config_.id || !progress_.contains(peer)) return;
  send_heartbeat(peer, progress_.at(peer));
}

void Node::report_snapshot(NodeId peer, bool success) {
  if (role_ != Role::kLeader || !progress_.contains(peer)) return;
  Progress& pr = progress_.at(peer);
  if (pr.state != ProgressState::kSnapshot) return;
  if (!success) pr.pending_snapshot = 0;
  pr.become_probe();
  pr.probe_sent = true;  // wait for the follower's next answer before probing
}

bool Node::has_ready() const {
  return (role_ == Role::kLeader && (broadcast_pending_ || heartbeat_pending_)) ||
         !messages_.empty() || log_.has_unhanded() || log_.has_snapshot_to_install() ||
         log_.has_committed_to_apply() || !read_states_.empty() || !aborted_reads_.empty() ||
         HardState{term_, vote_, log_.committed()} != last_hard_state_;
}

Ready Node::ready() {
  if (role_ == Role::kLeader) {
    if (broadcast_pending_) broadcast_append();
    if (heartbeat_pending_) broadcast_heartbeat();
  }
  broadcast_pending_ = heartbeat_pending_ = false;
  Ready rd;
  rd.snapshot = log_.take_snapshot_to_install();
  rd.entries = log_.take_unhanded();
  HardState hs{term_, vote_, log_.committed()};
  if (hs != last_hard_state_) rd.hard_state = last_hard_state_ = hs;
  rd.messages.swap(messages_);
  rd.committed_entries = log_.take_committed();
  rd.read_states.swap(read_states_);
  rd.aborted_reads.swap(aborted_reads_);
  return rd;
}

void Node::on_persisted(Index index, Term term) {
  if (log_.mark_persisted(index, term) && role_ == Role::kLeader && maybe_commit())
    on_commit_advanced();
}

void Node::on_applied(Index index) {
  applied_ = std::max(applied_, std::min(index, log_.applying()));
}

std::optional<SnapshotMeta> Node::compact(Index index) {
  if (index > applied_) invariant_broken("compaction beyond the applied index");
  return log_.compact(index);
}

Status Node::status() const {
  Status s;
  s.id = config_.id;
  s.role = role_;
  s.learner = conf_.learners.contains(config_.id);
  s.term = term_;
  s.leader = leader_;
  s.transferee = transferee_;
  s.commit = log_.committed();
  s.applied = applied_;
  s.persisted = log_.persisted();
  s.last_index = log_.last_index();
  s.snapshot_index = log_.snapshot().index;
  s.conf = conf_;
  for (const auto& [id, pr] : progress_) {
    bool heard_recently = ticks_ - pr.heard_at < static_cast<std::uint64_t>(config_.election_tick);
    bool synced = heard_recently && pr.state == ProgressState::kReplicate &&
                  pr.match + config_.synced_max_lag >= log_.committed();
    s.peers.push_back(
        {id, conf_.voters.contains(id), pr.match, pr.next, pr.state, pr.recent_active, synced});
  }
  return s;
}

}  // namespace zks::raft
