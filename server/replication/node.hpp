// The Raft consensus core of one node: a pure, deterministic state machine. No I/O, no
// threads, no clock, no randomness but the seeded generator of Config::seed. The shell feeds
// it inputs (tick, step, propose, ...) and drains outputs with ready(); ready.hpp states the
// order in which the shell must persist, send and apply, and report back.
//
// Rules implemented (Raft paper and thesis, with the extensions etcd and others proved out):
//   - elections with randomised timeouts; votes only for candidates with up-to-date logs;
//     pre-vote (no term is raised unless a majority would vote);
//   - check-quorum: a leader without a live majority for an election timeout steps down;
//     a follower that heard from a live leader within the election timeout ignores (pre-)votes
//     unless the candidate was told to campaign by a leadership transfer;
//   - a new leader appends a no-op and only counts replicas for entries of its own term
//     (Figure 8); earlier entries commit with them;
//   - log matching with conflict truncation and fast backtracking by term hints; flow control
//     (probe / replicate / snapshot, bounded in-flight messages) and batching of appends;
//   - leadership transfer: proposals refused, target caught up, TimeoutNow, aborted after an
//     election timeout;
//   - single-server membership changes effective when appended; the leader starts one only
//     after committing an entry of its term and never with another uncommitted; learners
//     replicate without voting; a leader that removed itself steps down once that commits;
//   - snapshots: the shell compacts the log; lagging followers receive a snapshot; a follower
//     keeps its log when it already holds the snapshot's last entry, else replaces it;
//   - read index for linearizable reads;
//   - restart from persisted term, vote, snapshot and log as a follower; the commit index is
//     learnt from the leader.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "server/replication/config.hpp"
#include "server/replication/log.hpp"
#include "server/replication/membership.hpp"
#include "server/replication/progress.hpp"
#include "server/replication/random.hpp"
#include "server/replication/read_index.hpp"
#include "server/replication/ready.hpp"
#include "server/replication/status.hpp"

namespace zks::raft {

enum class Refusal {
  kNone,
  kNotLeader,          // ask status().leader instead
  kTransferring,       // leadership transfer under way
  kConfChangePending,  // a configuration change is uncommitted, or no entry of this term is
  kInvalid,            // bad conf change or transfer target (see the message)
};

struct Proposal {
  Refusal refusal = Refusal::kNone;
  Index index = 0;  // the entry is committed if the entry applied at `index` has `term`
  Term term = 0;
  std::string why;

  bool accepted() const { return refusal == Refusal::kNone; }
};

class Node {
 public:
  // Starts as a follower from what the disk holds. Aborts on an invalid config (a
  // programming error; validate_config explains).
  Node(Config config, PersistentState state);

  // Inputs.
  void tick();
  void step(const Message& message);
  Proposal propose(std::string data);
  Proposal propose_conf_change(const ConfChange& change);
  Proposal transfer_leadership(NodeId target);
  // Asks for a linearizable read point; the answer comes as a ReadState (or aborted read).
  Proposal read_index(std::uint64_t request_id);
  void report_unreachable(NodeId peer);
  // The shell lost its connection to the leader (most likely the leader's process died): a
  // follower forgets the leader, which ends its lease at once (it grants pre-votes), and a
  // voter campaigns (with pre-vote when enabled) after `campaign_after` ticks instead of
  // waiting out the election timeout. Staggering `campaign_after` across the followers avoids
  // split votes. Followers that still hear from a live leader refuse the pre-vote, so a wrong
  // guess raises no term.
  void leader_unreachable(int campaign_after);
  // A voter that knows no leader campaigns within `campaign_after` ticks (never later than
  // it would anyway). The shell calls it when a peer comes up, so a starting ensemble elects
  // at once, as Apache ZooKeeper does, instead of after a whole election timeout; pre-vote
  // keeps an early campaign from disturbing a leader the others still follow.
  void expedite_campaign(int campaign_after);
  // The shell saw `peer` connect (its process is up, most likely restarted): a leader sends
  // it a heartbeat now rather than at the next heartbeat tick, so a restarted follower learns
  // its leader, and is caught up, without waiting up to a heartbeat interval.
  void peer_connected(NodeId peer);
  void report_snapshot(NodeId peer, bool success);

  // Outputs and the shell's acknowledgements (see ready.hpp).
  bool has_ready() const;
  Ready ready();
  void on_persisted(Index index, Term term);
  void on_applied(Index index);
  // The shell took a snapshot of its state machine at `index` (applied, durable): the log up
  // to there is dropped. Returns the snapshot's metadata for the shell to store with it, or
  // nothing when the log already starts after `index` (then the image is not needed).
  std::optional<SnapshotMeta> compact(Index index);

  Status status() const;
  Role role() const { return role_; }
  Term term() const { return term_; }
  NodeId leader() const { return leader_; }
  NodeId id() const { return config_.id; }
  const ConfState& conf() const { return conf_; }
  const RaftLog& log() const { return log_; }

 private:
  enum class Campaign { kPreElection, kElection, kTransfer };

  // node.cpp: common transitions and message routing.
  void reset(Term term);
  void become_follower(Term term, NodeId leader);
  void step_leader(const Message& m);
  void step_candidate(const Message& m);
  void step_follower(const Message& m);
  void send(Message m);
  bool promotable() const { return conf_.voters.contains(config_.id); }
  bool in_lease() const;
  void tick_election();
  void tick_heartbeat();
  Proposal refuse(Refusal refusal, std::string why) const;

  // node_election.cpp
  void campaign(Campaign kind);
  void handle_vote_request(const Message& m);
  void handle_vote_response(const Message& m);
  void become_leader();

  // node_replication.cpp: leader side.
  void send_append(NodeId to, bool send_if_empty);
  void send_timeout_now(NodeId to);
  void send_snapshot(NodeId to, Progress& pr);
  void broadcast_append();
  void send_heartbeat(NodeId to, const Progress& pr);
  void broadcast_heartbeat();
  void handle_append_response(const Message& m, Progress& pr);
  void handle_heartbeat_response(const Message& m, Progress& pr);
  bool maybe_commit();
  void on_commit_advanced();
  void release_reads();
  // node_replication.cpp: follower side.
  void handle_append(const Message& m);
  void handle_heartbeat(const Message& m);
  void handle_snapshot(const Message& m);
  void reply_append(const Message& m, Index index, bool reject, Index hint, Term hint_term);

  // node_membership.cpp: configuration in force and the leader's progress set.
  void apply_conf(const ConfState& conf);
  void refresh_conf();

  Config config_;
  Random random_;
  RaftLog log_;
  Role role_ = Role::kFollower;
  Term term_ = 0;
  NodeId vote_ = kNoNode;
  NodeId leader_ = kNoNode;
  ConfState conf_;
  HardState last_hard_state_;

  int election_elapsed_ = 0;
  int heartbeat_elapsed_ = 0;
  int randomized_election_timeout_ = 0;

  std::map<NodeId, bool> votes_;
  std::map<NodeId, Message> deferred_pre_votes_;  // refused by the lease; see leader_unreachable
  std::map<NodeId, Progress> progress_;           // leader only; includes self when a member
  NodeId transferee_ = kNoNode;
  Index pending_conf_index_ = 0;    // leader: a change may start once this is committed
  bool broadcast_pending_ = false;  // appends are sent in ready(): one batch per follower
  bool heartbeat_pending_ = false;  // a read-index round waits for a heartbeat
  std::uint64_t ticks_ = 0;
  Index applied_ = 0;

  ReadTracker reads_;
  std::vector<ReadState> read_states_;
  std::vector<std::uint64_t> aborted_reads_;
  std::vector<Message> messages_;
};

}  // namespace zks::raft
