#include "server/ensemble/replicated_txn_log.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "server/ensemble/dynamic_config.hpp"
#include "server/ensemble/entry_payload.hpp"
#include "server/ensemble/reconfig_plan.hpp"
#include "server/replication/codec.hpp"
#include "server/util/clock.hpp"

namespace zks::ensemble {
namespace {

bool on_election_port(raft::MessageType t) {
  using raft::MessageType;
  return t == MessageType::kVote || t == MessageType::kVoteResp || t == MessageType::kPreVote ||
         t == MessageType::kPreVoteResp || t == MessageType::kTimeoutNow;
}

raft::Config raft_config(const EnsembleConfig& e) {
  raft::Config c;
  c.id = e.my_id;
  c.election_tick = e.timing.election_ticks;
  c.heartbeat_tick = e.timing.heartbeat_ticks;
  c.seed = std::random_device{}() ^ (e.my_id << 32);
  return c;
}

}  // namespace

ReplicatedTxnLog::ReplicatedTxnLog(EventLoop& loop, const ServerConfig& config,
                                   EnsembleConfig ensemble, StateMachine& sm)
    : loop_(loop),
      ensemble_(std::move(ensemble)),
      sm_(sm),
      snap_count_(config.snap_count),
      incarnation_(static_cast<uint64_t>(wall_ms())),
      storage_(std::make_unique<RaftStorage>(config, ensemble_)),
      transport_(loop, ensemble_, *this) {
  RaftStorage::Loaded loaded = storage_->load(ensemble_.initial_conf());
  if (!loaded.state_image.empty()) {
    try {
      sm_.restore(loaded.state_image, steady_ms());
    } catch (const std::exception& e) {
      throw StorageFailure("snapshot " + std::to_string(loaded.state.snapshot.index) +
                           ": state image is invalid: " + e.what());
    }
  }
  applied_ = last_snapshot_index_ = loaded.state.applied;
  snapshot_config_text_ = std::move(loaded.config_text);
  spdlog::info("Raft state: term {}, snapshot {}, {} log entries, commit {}{}",
               loaded.state.hard_state.term, loaded.state.snapshot.index,
               loaded.state.entries.size(), loaded.state.hard_state.commit,
               loaded.brand_new ? " (new member: zoo.cfg's configuration in force)" : "");
  node_ = std::make_unique<raft::Node>(raft_config(ensemble_), std::move(loaded.state));
  publish_config();
  if (!node_->conf().contains(ensemble_.my_id)) {
    set_removed(true, "the configuration in force does not name this server");
  }
}

std::string ReplicatedTxnLog::config_text_at(raft::Index index) const {
  const raft::RaftLog& log = node_->log();
  raft::ConfState conf = log.snapshot().conf;
  if (auto e = log.conf_entry_at(index)) {
    raft::ConfEntry entry = *raft::decode_conf_entry(e->data);
    if (!entry.context.empty()) return entry.context;
    conf = entry.conf;  // the founding entry of an older data directory
  } else if (!snapshot_config_text_.empty()) {
    return snapshot_config_text_;
  }
  // zoo.cfg's configuration: the founding one has no text of its own.
  return dynamic_config_text(members_in(ensemble_.members, conf));
}

void ReplicatedTxnLog::publish_config() {
  std::string text = config_text_at(applied_);
  const bool changed = text != config_text_;
  config_text_ = std::move(text);
  sm_.tree.set_config(config_text_, sm_.last_zxid());
  if (!changed) return;
  try {
    storage_->write_dynamic_config(config_text_);
  } catch (const StorageFailure& e) {
    spdlog::warn("{} (the Raft log keeps the configuration)", e.what());
  }
}

void ReplicatedTxnLog::sync_members() {
  const bool empty_log = node_->log().last_index() == 0;
  if (node_->conf() == linked_conf_ && config_text_ == linked_text_ &&
      removed_ == linked_removed_ && empty_log == linked_empty_log_) {
    return;
  }
  linked_empty_log_ = empty_log;
  linked_conf_ = node_->conf();
  linked_text_ = config_text_;
  linked_removed_ = removed_;
  const std::string in_force = config_text_at(node_->log().last_index());
  std::vector<Member> members;
  try {
    members = parse_dynamic_config(in_force, "configuration");
    for (const auto& m : parse_dynamic_config(config_text_, "configuration")) {
      if (std::none_of(members.begin(), members.end(),
                       [&](const Member& k) { return k.id == m.id; })) {
        members.push_back(m);
      }
    }
  } catch (const ConfigError& e) {
    fatal(std::string("a configuration entry cannot be read: ") + e.what());
  }
  // A removed server closes its links (once what is queued is written): the followers of a
  // removed leader see its connection close and elect another at once. They open again as
  // soon as a configuration naming this server is appended (it is being added back).
  // Hellos list the members once a reconfig made the configuration, and while the log is
  // empty (a server joining); members of an ensemble never reconfigured greet as older
  // servers do, so a rolling upgrade keeps every link.
  const bool reconfigured =
      in_force != dynamic_config_text(members_in(ensemble_.members, node_->conf()));
  const bool open_links = !removed_ || node_->conf().contains(ensemble_.my_id);
  transport_.set_members(std::move(members), open_links, reconfigured || empty_log);
}

void ReplicatedTxnLog::set_removed(bool removed, const std::string& why) {
  if (removed == removed_) return;
  removed_ = removed;
  if (removed) {
    spdlog::warn("server {} is not a member of the ensemble ({}): not campaigning, not serving",
                 ensemble_.my_id, why);
  } else {
    spdlog::info("server {} is a member of the ensemble again", ensemble_.my_id);
  }
}

// A committed configuration entry was applied: `before` was the configuration applied before.
void ReplicatedTxnLog::applied_conf_entry(const raft::ConfState& before) {
  publish_config();
  const raft::ConfState now = node_->log().conf_at(applied_);
  // The configuration in force (which may already hold a later entry naming us, for a server
  // catching up as it joins) decides whether we are out.
  if (node_->conf().contains(ensemble_.my_id)) {
    set_removed(false, "");
  } else {
    set_removed(true, "removed by the configuration at index " + std::to_string(applied_));
  }
  // Tell removed servers: the leader stopped replicating to them when the change was
  // appended, so they would not learn it otherwise. Not one that a later entry (a member
  // catching up replays old changes) names again.
  for (const std::set<raft::NodeId>* ids : {&before.voters, &before.learners}) {
    for (raft::NodeId id : *ids) {
      if (!now.contains(id) && !node_->conf().contains(id) && id != ensemble_.my_id) {
        transport_.send(id, Channel::kQuorum, FrameType::kRemoved, config_text_);
      }
    }
  }
}

ReplicatedTxnLog::~ReplicatedTxnLog() = default;

void ReplicatedTxnLog::start() {
  sync_members();
  transport_.listen();
  transport_.tick(steady_ms());
}

void ReplicatedTxnLog::stop() {
  transport_.flush();
  transport_.close_all();
}

void ReplicatedTxnLog::fatal(const std::string& what) {
  spdlog::critical("{}; stopping to protect acknowledged data", what);
  spdlog::shutdown();
  std::_Exit(3);
}

bool ReplicatedTxnLog::serving() const {
  return !removed_ && node_->leader() != raft::kNoNode;
}

bool ReplicatedTxnLog::reconfig(uint64_t seq, const ReconfigRequest& request) {
  const raft::NodeId leader = node_->leader();
  const RequestRef ref{incarnation_, seq};
  if (leader == raft::kNoNode || removed_ ||
      (leader != ensemble_.my_id &&
       !transport_.send(leader, Channel::kQuorum, FrameType::kReconfig,
                        encode_reconfig_forward({ref, request.from_config, request.joining,
                                                 request.leaving, request.new_members})))) {
    listener_->lost(seq);
    return true;
  }
  pending_[seq] = steady_ms() + ensemble_.timing.forward_timeout_ms;
  if (leader == ensemble_.my_id) {
    ReconfigReply reply = propose_reconfig(request);
    reply.ref = ref;
    on_reconfig_reply(reply);
  }
  return true;
}

ReconfigReply ReplicatedTxnLog::propose_reconfig(const ReconfigRequest& request) {
  ReconfigReply reply;
  if (!leads()) return reply;
  const raft::RaftLog& log = node_->log();
  auto refuse = [&](Error e, const std::string& why) {
    spdlog::info("reconfig (joining '{}', leaving '{}') refused: {}", request.joining,
                 request.leaving, why);
    reply.error = code(e);
    return reply;
  };
  if (node_->conf() != log.conf_at(log.committed())) {
    return refuse(Error::kReconfigInProgress, "a configuration change is not committed yet");
  }
  const std::string text = config_text_at(log.last_index());
  ReconfigPlan plan;
  try {
    plan = plan_reconfig(request, parse_dynamic_config(text, "configuration"), config_version(text),
                         log.last_index() + 1);
  } catch (const ConfigError& e) {
    return refuse(Error::kSystemError, e.what());
  }
  if (plan.error != Error::kOk) return refuse(plan.error, plan.why);
  std::set<raft::NodeId> live{ensemble_.my_id};
  for (const auto& p : node_->status().peers) {
    if (p.recent_active) live.insert(p.id);
  }
  if (transport_.hears_from(plan.change.node)) live.insert(plan.change.node);
  if (!quorum_live(plan.next, live)) {
    return refuse(Error::kNewConfigNoQuorum,
                  "a majority of the new configuration's participants is not connected");
  }
  const raft::Proposal p = node_->propose_conf_change(plan.change);
  switch (p.refusal) {
    case raft::Refusal::kNone:
      spdlog::info("reconfig: proposed the configuration at index {}:\n{}", p.index,
                   plan.change.context);
      reply.index = p.index;
      reply.term = p.term;
      return reply;
    case raft::Refusal::kNotLeader:
      return reply;
    case raft::Refusal::kTransferring:
    case raft::Refusal::kConfChangePending:
      return refuse(Error::kReconfigInProgress, p.why);
    case raft::Refusal::kInvalid:
      break;
  }
  return refuse(Error::kBadArguments, p.why);
}

void ReplicatedTxnLog::on_reconfig_reply(const ReconfigReply& reply) {
  const uint64_t seq = reply.ref.seq;
  if (reply.ref.incarnation != incarnation_ || !pending_.contains(seq)) return;
  if (reply.error != 0 || reply.index == 0) {
    pending_.erase(seq);
    if (reply.error == 0) return listener_->lost(seq);
    return listener_->reconfigured(seq, static_cast<Error>(reply.error));
  }
  waiting_reconfigs_[reply.index] = WaitingReconfig{seq, reply.term};
  if (reply.index <= applied_)
    settle_reconfig(reply.index, node_->log().term(reply.index).value_or(0));
}

// The entry at `index` was applied with `term`: our reconfig waiting for it succeeded if it
// is the entry proposed (same term), else it was overwritten.
void ReplicatedTxnLog::settle_reconfig(raft::Index index, raft::Term term) {
  auto it = waiting_reconfigs_.find(index);
  if (it == waiting_reconfigs_.end()) return;
  const WaitingReconfig w = it->second;
  waiting_reconfigs_.erase(it);
  if (!pending_.erase(w.seq)) return;  // already reported lost
  if (term == w.term) {
    listener_->reconfigured(w.seq, Error::kOk);
  } else {
    listener_->lost(w.seq);
  }
}

void ReplicatedTxnLog::append(uint64_t seq, Txn txn) {
  const std::string payload =
      encode_entry_payload({ensemble_.my_id, {incarnation_, seq}, encode_txn(txn)});
  const raft::NodeId leader = node_->leader();
  if (leader == ensemble_.my_id) {
    if (!node_->propose(payload).accepted()) return listener_->lost(seq);
  } else if (leader == raft::kNoNode ||
             !transport_.send(leader, Channel::kQuorum, FrameType::kForward, payload)) {
    return listener_->lost(seq);
  }
  pending_[seq] = steady_ms() + ensemble_.timing.forward_timeout_ms;
}

void ReplicatedTxnLog::sync(uint64_t seq) {
  const raft::NodeId leader = node_->leader();
  const RequestRef ref{incarnation_, seq};
  if (leader == raft::kNoNode || (leader != ensemble_.my_id &&
                                  !transport_.send(leader, Channel::kQuorum, FrameType::kReadIndex,
                                                   encode_request_ref(ref)))) {
    return listener_->lost(seq);
  }
  pending_[seq] = steady_ms() + ensemble_.timing.forward_timeout_ms;
  if (leader == ensemble_.my_id) start_read(ensemble_.my_id, ref);
}

void ReplicatedTxnLog::start_read(raft::NodeId origin, RequestRef ref) {
  const uint64_t id = next_read_id_++;
  reads_[id] = RemoteRead{origin, ref};
  if (!node_->read_index(id).accepted()) answer_read(id, std::nullopt);
}

void ReplicatedTxnLog::answer_read(uint64_t read_id, std::optional<raft::Index> index) {
  auto it = reads_.find(read_id);
  if (it == reads_.end()) return;
  RemoteRead r = it->second;
  reads_.erase(it);
  if (r.origin != ensemble_.my_id) {
    transport_.send(r.origin, Channel::kQuorum, FrameType::kReadIndexReply,
                    encode_read_index_reply({r.ref, index.value_or(0), index.has_value()}));
    return;
  }
  if (r.ref.incarnation != incarnation_ || pending_.erase(r.ref.seq) == 0) return;
  if (!index) return listener_->lost(r.ref.seq);
  waiting_syncs_.emplace(*index, r.ref.seq);
}

void ReplicatedTxnLog::propose_forwarded(raft::NodeId from, const std::string& payload) {
  auto p = decode_entry_payload(payload);
  if (!p || p->origin != from) return;
  if (!node_->propose(payload).accepted()) {
    transport_.send(from, Channel::kQuorum, FrameType::kForwardRefused, encode_request_ref(p->ref));
  }
}

void ReplicatedTxnLog::on_frame(raft::NodeId from, Frame frame) {
  switch (frame.type) {
    case FrameType::kRaft: {
      std::string error;
      auto m = raft::decode_message(frame.body, &error);
      if (!m || m->from != from) {
        spdlog::warn("dropped a Raft message from server {}: {}", from,
                     m ? "sender mismatch" : error);
        return;
      }
      // Keep the image of a snapshot the core may install (it ignores those it already has).
      if (m->type == raft::MessageType::kSnapshot && m->snapshot.index > node_->log().committed()) {
        received_snapshot_ = std::move(m->snapshot_data);
        received_snapshot_index_ = m->snapshot.index;
      }
      node_->step(*m);
      break;
    }
    case FrameType::kForward:
      propose_forwarded(from, frame.body);
      break;
    case FrameType::kForwardRefused:
      if (auto ref = decode_request_ref(frame.body);
          ref && ref->incarnation == incarnation_ && pending_.erase(ref->seq)) {
        listener_->lost(ref->seq);
      }
      break;
    case FrameType::kReadIndex:
      if (auto ref = decode_request_ref(frame.body)) {
        if (leads()) {
          start_read(from, *ref);
        } else {
          transport_.send(from, Channel::kQuorum, FrameType::kReadIndexReply,
                          encode_read_index_reply({*ref, 0, false}));
        }
      }
      break;
    case FrameType::kReadIndexReply:
      if (auto reply = decode_read_index_reply(frame.body);
          reply && reply->ref.incarnation == incarnation_ && pending_.erase(reply->ref.seq)) {
        if (reply->ok) {
          waiting_syncs_.emplace(reply->index, reply->ref.seq);
        } else {
          listener_->lost(reply->ref.seq);
        }
      }
      break;
    case FrameType::kTouch:
      if (auto ids = decode_touch(frame.body); ids && leads()) {
        const int64_t now = steady_ms();
        for (int64_t id : *ids) {
          if (Session* s = sm_.sessions.find(id)) sm_.sessions.touch(*s, now);
        }
      }
      break;
    case FrameType::kReconfig:
      if (auto f = decode_reconfig_forward(frame.body)) {
        ReconfigReply reply = propose_reconfig(
            ReconfigRequest{f->joining, f->leaving, f->new_members, f->from_config});
        reply.ref = f->ref;
        transport_.send(from, Channel::kQuorum, FrameType::kReconfigReply,
                        encode_reconfig_reply(reply));
      }
      break;
    case FrameType::kReconfigReply:
      if (auto reply = decode_reconfig_reply(frame.body)) on_reconfig_reply(*reply);
      break;
    case FrameType::kRemoved:
      try {
        const auto members = parse_dynamic_config(frame.body, "server " + std::to_string(from));
        if (std::none_of(members.begin(), members.end(),
                         [&](const Member& m) { return m.id == ensemble_.my_id; })) {
          set_removed(true, "server " + std::to_string(from) + " applied its removal");
        }
      } catch (const ConfigError& e) {
        spdlog::warn("ignored a removal notice: {}", e.what());
      }
      break;
    case FrameType::kHello:
      break;
  }
}

// Members campaign in turn, by rank among the voters other than `absent`, two ticks apart:
// the first usually wins before the next starts, so votes do not split.
int ReplicatedTxnLog::campaign_delay(raft::NodeId absent) const {
  int rank = 0;
  for (raft::NodeId id : node_->conf().voters) {
    if (id != absent && id < ensemble_.my_id) ++rank;
  }
  return rank * 2;
}

void ReplicatedTxnLog::on_peer_closed(raft::NodeId peer) {
  if (removed_ || peer != node_->leader() || node_->role() != raft::Role::kFollower) return;
  const int delay = campaign_delay(peer);
  spdlog::info("lost the connection from leader {}: campaigning in {} ticks", peer, delay);
  node_->leader_unreachable(delay);
}

void ReplicatedTxnLog::on_peer_joined(raft::NodeId peer) {
  if (removed_) return;
  node_->peer_connected(peer);
  // One tick more than after a leader's loss: our own links may still be connecting.
  if (node_->leader() == raft::kNoNode) node_->expedite_campaign(1 + campaign_delay(raft::kNoNode));
}

void ReplicatedTxnLog::tick(int64_t now_ms) {
  if (!removed_) node_->tick();
  transport_.tick(now_ms);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second > now_ms) {
      ++it;
      continue;
    }
    const uint64_t seq = it->first;
    it = pending_.erase(it);
    listener_->lost(seq);
  }
  if (now_ms >= next_touch_ms_) {
    next_touch_ms_ = now_ms + ensemble_.timing.touch_interval_ms;
    send_touches(now_ms);
  }
}

void ReplicatedTxnLog::send_touches(int64_t now_ms) {
  const raft::NodeId leader = node_->leader();
  if (leader == raft::kNoNode || leader == ensemble_.my_id) return;
  std::vector<int64_t> ids;
  for (const auto& [id, s] : sm_.sessions.all()) {
    if (s.conn != 0 && s.deadline_ms > now_ms) ids.push_back(id);
  }
  if (!ids.empty()) transport_.send(leader, Channel::kQuorum, FrameType::kTouch, encode_touch(ids));
}

void ReplicatedTxnLog::send_message(raft::Message m) {
  const raft::NodeId to = m.to;
  const bool snapshot = m.type == raft::MessageType::kSnapshot;
  if (snapshot) {
    raft::SnapshotMeta stored;
    try {
      m.snapshot_data = storage_->newest_snapshot(&stored);
    } catch (const StorageFailure& e) {
      fatal(e.what());
    }
    m.snapshot = stored;
  }
  const bool sent =
      transport_.send(to, on_election_port(m.type) ? Channel::kElection : Channel::kQuorum,
                      FrameType::kRaft, raft::encode_message(m));
  if (!sent) node_->report_unreachable(to);
  if (snapshot) node_->report_snapshot(to, sent);
}

void ReplicatedTxnLog::apply_entry(const raft::Entry& e) {
  const raft::Index before = applied_;
  applied_ = e.index;
  if (e.type == raft::EntryType::kConfChange) {
    applied_conf_entry(node_->log().conf_at(before));
    settle_reconfig(e.index, e.term);
  }
  if (e.type != raft::EntryType::kNormal || e.data.empty()) return;  // conf change, no-op
  auto p = decode_entry_payload(e.data);
  Txn txn;
  try {
    if (!p) throw jute::DecodeError("short entry");
    txn = decode_txn(p->txn);
  } catch (const jute::DecodeError& err) {
    fatal("committed entry " + std::to_string(e.index) + " cannot be decoded: " + err.what());
  }
  txn.zxid = next_zxid(sm_.last_zxid(), e.term);
  uint64_t seq = 0;
  if (p->origin == ensemble_.my_id && p->ref.incarnation == incarnation_ &&
      pending_.erase(p->ref.seq)) {
    seq = p->ref.seq;
  }
  listener_->committed(std::move(txn), seq);
}

void ReplicatedTxnLog::process() {
  try {
    while (node_->has_ready()) {
      raft::Ready rd = node_->ready();
      std::optional<SnapshotImage> image;
      if (rd.snapshot) {
        if (received_snapshot_index_ == rd.snapshot->index) {
          image = decode_snapshot_image(received_snapshot_);
        }
        if (!image) {
          fatal("received snapshot " + std::to_string(rd.snapshot->index) + " is invalid");
        }
      }
      storage_->persist(rd, received_snapshot_);
      if (rd.snapshot) {
        sm_.restore(image->state, steady_ms());
        received_snapshot_.clear();
        const raft::ConfState before = node_->log().conf_at(applied_);
        applied_ = last_snapshot_index_ = rd.snapshot->index;
        snapshot_config_text_ = image->config_text;
        applied_conf_entry(before);
        // Our reconfigs the snapshot covers: their outcome is unknown here.
        while (!waiting_reconfigs_.empty() && waiting_reconfigs_.begin()->first <= applied_) {
          settle_reconfig(waiting_reconfigs_.begin()->first, 0);
        }
        spdlog::info("installed the leader's snapshot at index {}", applied_);
        listener_->state_replaced();
      }
      for (auto& m : rd.messages) send_message(std::move(m));
      for (const auto& e : rd.committed_entries) apply_entry(e);
      for (const auto& rs : rd.read_states) answer_read(rs.request_id, rs.index);
      for (uint64_t id : rd.aborted_reads) answer_read(id, std::nullopt);
      if (!rd.entries.empty()) {
        node_->on_persisted(rd.entries.back().index, rd.entries.back().term);
      } else if (rd.snapshot) {
        node_->on_persisted(rd.snapshot->index, rd.snapshot->term);
      }
      node_->on_applied(applied_);
    }
    while (!waiting_syncs_.empty() && waiting_syncs_.begin()->first <= applied_) {
      const uint64_t seq = waiting_syncs_.begin()->second;
      waiting_syncs_.erase(waiting_syncs_.begin());
      listener_->synced(seq);
    }
    maybe_snapshot();
    sync_members();
  } catch (const StorageFailure& e) {
    fatal(e.what());
  } catch (const jute::DecodeError& e) {
    fatal(std::string("a snapshot image cannot be decoded: ") + e.what());
  }
  observe_leadership();
  transport_.flush();
}

void ReplicatedTxnLog::maybe_snapshot() {
  if (applied_ < last_snapshot_index_ + static_cast<raft::Index>(snap_count_)) return;
  const raft::ConfState conf = node_->log().conf_at(applied_);
  const raft::SnapshotMeta meta{applied_, node_->log().term(applied_).value_or(0), conf};
  storage_->save_snapshot(meta, encode_snapshot_image({conf, sm_.snapshot(), config_text_}));
  node_->compact(applied_);
  snapshot_config_text_ = config_text_;
  last_snapshot_index_ = applied_;
  spdlog::info("wrote snapshot at index {} (zxid 0x{:x})", applied_, sm_.last_zxid());
}

void ReplicatedTxnLog::lose_pending() {
  auto pending = std::move(pending_);
  pending_.clear();
  for (const auto& [seq, _] : pending) listener_->lost(seq);
}

void ReplicatedTxnLog::observe_leadership() {
  if (node_->term() == seen_term_ && node_->leader() == seen_leader_) return;
  seen_term_ = node_->term();
  seen_leader_ = node_->leader();
  lose_pending();
  if (seen_leader_ == raft::kNoNode) {
    spdlog::info("term {}: no leader", seen_term_);
    return;
  }
  spdlog::info("term {}: leader is server {}{}", seen_term_, seen_leader_,
               seen_leader_ == ensemble_.my_id ? " (this server)" : "");
  if (seen_leader_ == ensemble_.my_id) sm_.sessions.reset_deadlines(steady_ms());
}

ReplicatedTxnLog::TransferStart ReplicatedTxnLog::transfer_leadership(raft::NodeId target) {
  if (!leads()) return {raft::kNoNode, "this server is not the leader"};
  if (target == raft::kNoNode) {
    raft::Index best = 0;
    for (const auto& p : node_->status().peers) {
      if (p.voter && p.match >= best) {
        best = p.match;
        target = p.id;
      }
    }
    if (target == raft::kNoNode) return {raft::kNoNode, "no other voter to take over"};
  }
  raft::Proposal p = node_->transfer_leadership(target);
  if (!p.accepted()) return {target, p.why};
  spdlog::info("transferring leadership to server {}", target);
  process();
  return {target, ""};
}

ReplicationStatus ReplicatedTxnLog::status() const {
  raft::Status s = node_->status();
  ReplicationStatus r;
  r.serving = serving();
  r.leader = s.leader;
  r.term = s.term;
  r.mode = s.role == raft::Role::kLeader ? "leader" : s.learner ? "observer" : "follower";
  r.quorum_size = s.conf.voters.size();
  if (s.role == raft::Role::kLeader) {
    for (const auto& p : s.peers) {
      if (p.recent_active) ++r.learners;
      if (p.synced) ++(p.voter ? r.synced_followers : r.synced_observers);
    }
    r.pending_syncs = reads_.size();
  }
  return r;
}

}  // namespace zks::ensemble
