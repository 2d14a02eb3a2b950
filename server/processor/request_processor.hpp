// RequestProcessor: the request pipeline. Writes become transactions that go to the TxnLog,
// which orders them and gives them zxids; each is applied to the StateMachine once committed
// (in zxid order, whichever server started it) and answered in the order this server received
// them; reads are served from the local tree. Replies to one session leave in request
// order: a read queued behind that session's pending writes waits for them, so it observes
// them. Watch notifications caused by a transaction are sent before its reply and before any
// later read reply (ZooKeeper's ordering guarantee). Single-threaded: called from the event
// loop only. Sockets are behind ClientChannel, so the pipeline runs without a network in tests.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "server/processor/state_machine.hpp"
#include "server/processor/txn_log.hpp"
#include "server/protocol/packets.hpp"
#include "server/protocol/requests.hpp"
#include "server/watch/watch_manager.hpp"

namespace zks {

class ClientChannel {
 public:
  virtual ~ClientChannel() = default;
  virtual void send(uint64_t conn, std::string packet) = 0;
  // Closes after the packets already queued for the connection are written.
  virtual void close(uint64_t conn) = 0;
};

struct LatencyStats {
  int64_t min_ms = 0, max_ms = 0, total_ms = 0, count = 0;
  void add(int64_t ms);
};

class RequestProcessor : private TxnLog::Listener {
 public:
  // `reconfig_enabled` is zoo.cfg's reconfigEnabled: when false, reconfig requests fail with
  // ZRECONFIGDISABLED as in ZooKeeper.
  RequestProcessor(StateMachine& sm, TxnLog& log, ClientChannel& channel,
                   bool reconfig_enabled = false);

  void connect(uint64_t conn, const std::string& client_ip, const ConnectRequest& req,
               int64_t now_ms);
  void receive(uint64_t conn, Request req, int64_t now_ms);
  void disconnected(uint64_t conn);
  // Expires sessions and removes empty containers.
  void tick(int64_t now_ms);
  // Hands the transactions of this loop turn to the log.
  void flush() { log_.flush(); }

  int64_t last_zxid() const { return sm_.last_zxid(); }
  size_t outstanding() const;
  const LatencyStats& latency() const { return latency_; }
  void reset_latency() { latency_ = {}; }
  const WatchManager& watches() const { return watches_; }
  int64_t session_of(uint64_t conn) const;

 private:
  struct Queued {
    bool write;  // a marker for an in-flight transaction or sync
    uint64_t conn;
    int32_t xid;
    OpCode op;
    RequestBody body;
    int64_t start_us;
  };
  struct InFlight {
    Txn txn;
    bool barrier = false;      // a sync: completes when everything before it is applied
    bool from_client = false;  // has a marker in its session's queue
    uint64_t conn = 0;
    OpCode op = OpCode::kError;
    int64_t start_us = 0;
    std::string sync_path;
    bool done = false;  // committed, synced or lost; answered once everything before it is
    bool lost = false;
    bool reconfig = false;  // answered with reconfig_error, or the new configuration
    Error reconfig_error = Error::kOk;
    TxnOutcome outcome;
  };
  struct ConnInfo {
    int64_t session = 0;
    std::string ip;
  };

  void submit(InFlight f);
  void submit_reconfig(InFlight f, const ReconfigRequest& request);
  std::string reconfig_reply(int32_t xid, Error error) const;
  // TxnLog::Listener
  void committed(Txn txn, uint64_t seq) override;
  void synced(uint64_t seq) override;
  void lost(uint64_t seq) override;
  void state_replaced() override;
  void reconfigured(uint64_t seq, Error error) override;
  // Answers the finished transactions at the front, in the order they were received.
  void settle();
  void complete(InFlight& f);
  void close_session_connections(int64_t session);
  void deliver(const std::vector<WatchEvent>& events);
  void drain(int64_t session);
  void serve_read(Session& s, const Queued& q);
  void reply(uint64_t conn, std::string packet, int64_t start_us);
  bool bound(uint64_t conn, int64_t session) const;

  StateMachine& sm_;
  TxnLog& log_;
  ClientChannel& channel_;
  bool reconfig_enabled_;
  WatchManager watches_;
  uint64_t next_seq_ = 0;
  std::map<uint64_t, InFlight> in_flight_;  // by sequence number
  std::unordered_map<int64_t, std::deque<Queued>> queues_;
  std::unordered_map<uint64_t, ConnInfo> conns_;
  std::set<std::string> containers_deleting_;
  int64_t next_container_check_ms_ = 0;
  LatencyStats latency_;
};

}  // namespace zks
