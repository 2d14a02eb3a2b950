// ReplicatedTxnLog: the TxnLog of an ensemble member. It owns the Raft core (raft::Node), its
// storage (RaftStorage) and the peer links (PeerTransport), and runs the shell's loop that
// server/replication/README.md prescribes:
//   - a write taken by this server is proposed when it leads, else forwarded to the leader on
//     the quorum port; either way it is reported committed when its entry is applied here,
//     i.e. once durable on a majority (entries are applied only when committed);
//   - sync asks the leader for a read index (the leader confirms its leadership with a
//     heartbeat round) and is answered once this server applied that index;
//   - a change of term or leader reports every write and sync still in flight as lost (the
//     client sees a connection loss, as with a ZooKeeper leader change); so does a forwarded
//     write not committed within the forward timeout;
//   - sessions are global: their creation and closing are transactions; followers send the
//     leader the sessions they hear from (touches, every tickTime/2); only the leader expires
//     sessions (TxnLog::leads) and it restarts every deadline when it takes over;
//   - the committed configuration is published in /zookeeper/config (dynamic_config.hpp)
//     and <dataDir>/zoo.cfg.dynamic;
//   - reconfig: the leader turns a client's request into the core's single-server change
//     (reconfig_plan.hpp), whose entry carries the new configuration's text (addresses,
//     version); a follower forwards the request to the leader. The client is answered once
//     the entry is applied here; a leader change before that loses it (connection loss);
//   - the peer links follow the configuration in force and the committed one; a member that
//     applies a configuration without some server tells that server (kRemoved). A server
//     that learns it was removed stops ticking its core (no campaign) and stops serving,
//     until a configuration naming it again is applied (it is added back);
//   - a snapshot is taken every snapCount applied entries; lagging followers get the newest
//     one (InstallSnapshot).
// Inputs (frames, ticks, client requests) only feed the core; everything they cause is
// handled once per event-loop turn in flush(): one Ready, hence one fdatasync, covers every
// write and message that arrived in that turn (group commit).
// Storage failures stop the process (exit code 3) with the error naming the file.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "server/config/server_config.hpp"
#include "server/ensemble/ensemble_config.hpp"
#include "server/ensemble/peer_transport.hpp"
#include "server/ensemble/raft_storage.hpp"
#include "server/net/event_loop.hpp"
#include "server/processor/state_machine.hpp"
#include "server/processor/txn_log.hpp"
#include "server/replication/node.hpp"

namespace zks::ensemble {

// What srvr / mntr report about replication.
struct ReplicationStatus {
  std::string mode;  // "leader", "follower" or "observer"
  bool serving = false;
  size_t quorum_size = 0;       // voting members
  size_t learners = 0;          // leader: followers and observers it hears from
  size_t synced_followers = 0;  // leader: voting followers caught up
  size_t synced_observers = 0;  // leader: observers caught up
  size_t pending_syncs = 0;     // leader: sync (read-index) requests not yet confirmed
  raft::NodeId leader = raft::kNoNode;
  raft::Term term = 0;
};

class ReplicatedTxnLog : public TxnLog, private PeerTransport::Handler {
 public:
  // Recovers the Raft state and the state machine from disk (throws StorageFailure).
  ReplicatedTxnLog(EventLoop& loop, const ServerConfig& config, EnsembleConfig ensemble,
                   StateMachine& sm);
  ~ReplicatedTxnLog() override;

  // Opens the peer ports (throws std::runtime_error).
  void start();
  void stop();
  // Advances the Raft clock (every Timing::tick_ms) and the shell's timers.
  void tick(int64_t now_ms);

  // TxnLog
  void set_listener(Listener* listener) override { listener_ = listener; }
  void append(uint64_t seq, Txn txn) override;
  void sync(uint64_t seq) override;
  void flush() override { process(); }
  bool serving() const override;
  bool leads() const override { return node_->role() == raft::Role::kLeader; }
  bool reconfig(uint64_t seq, const ReconfigRequest& request) override;

  ReplicationStatus status() const;
  const EnsembleConfig& ensemble() const { return ensemble_; }
  // The committed configuration in ZooKeeper's text (dynamic_config.hpp), as this server
  // publishes it in /zookeeper/config; empty until the founding configuration is applied.
  const std::string& dynamic_config() const { return config_text_; }
  // Hands leadership to `target` (0: the most caught-up voter). Returns the target, or an
  // error message; completion shows in status().leader.
  struct TransferStart {
    raft::NodeId target = raft::kNoNode;
    std::string error;  // empty when the transfer started
  };
  TransferStart transfer_leadership(raft::NodeId target);

 private:
  struct RemoteRead {
    raft::NodeId origin;
    RequestRef ref;
  };
  struct WaitingReconfig {
    uint64_t seq;
    raft::Term term;
  };

  // PeerTransport::Handler
  void on_frame(raft::NodeId from, Frame frame) override;
  void on_peer_closed(raft::NodeId peer) override;
  void on_peer_joined(raft::NodeId peer) override;
  int campaign_delay(raft::NodeId absent) const;

  void process();
  void send_message(raft::Message m);
  void apply_entry(const raft::Entry& e);
  void answer_read(uint64_t read_id, std::optional<raft::Index> index);
  void start_read(raft::NodeId origin, RequestRef ref);
  void propose_forwarded(raft::NodeId from, const std::string& payload);
  void observe_leadership();
  void lose_pending();
  void maybe_snapshot();
  // Writes the configuration in force as of applied_ to /zookeeper/config.
  void publish_config();
  // The dynamic-config text of the configuration in force after `index`.
  std::string config_text_at(raft::Index index) const;
  // Points the peer links at the members of the configuration in force and the committed one.
  void sync_members();
  void applied_conf_entry(const raft::ConfState& before);
  void set_removed(bool removed, const std::string& why);
  // Leader: checks and proposes a reconfig; index 0 and no error when it cannot (not leader).
  ReconfigReply propose_reconfig(const ReconfigRequest& request);
  void on_reconfig_reply(const ReconfigReply& reply);
  void settle_reconfig(raft::Index index, raft::Term term);
  void send_touches(int64_t now_ms);
  [[noreturn]] void fatal(const std::string& what);

  EventLoop& loop_;
  EnsembleConfig ensemble_;
  StateMachine& sm_;
  int64_t snap_count_;
  uint64_t incarnation_;
  std::unique_ptr<RaftStorage> storage_;
  std::unique_ptr<raft::Node> node_;
  PeerTransport transport_;
  Listener* listener_ = nullptr;

  raft::Index applied_ = 0;
  raft::Index last_snapshot_index_ = 0;
  std::string received_snapshot_;            // the image of the last kSnapshot message kept...
  raft::Index received_snapshot_index_ = 0;  // ...and its index
  std::map<uint64_t, int64_t> pending_;      // our writes and syncs in flight: seq -> deadline
  std::map<uint64_t, RemoteRead> reads_;     // leader: read-index requests by request id
  uint64_t next_read_id_ = 1;
  std::multimap<raft::Index, uint64_t> waiting_syncs_;  // apply index -> our sync seq
  raft::Term seen_term_ = 0;
  raft::NodeId seen_leader_ = raft::kNoNode;
  int64_t next_touch_ms_ = 0;
  std::string config_text_;           // as of applied_
  std::string snapshot_config_text_;  // the configuration of the log's snapshot, when known
  raft::ConfState linked_conf_;       // what sync_members last saw...
  std::string linked_text_;           // ...
  bool linked_removed_ = false;       // ...
  bool linked_empty_log_ = false;     // ...
  std::map<raft::Index, WaitingReconfig> waiting_reconfigs_;  // our reconfigs, by entry index
  bool removed_ = false;
};

}  // namespace zks::ensemble
