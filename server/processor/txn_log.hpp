// TxnLog: the ordering and durability seam of the request pipeline. The processor hands it
// each transaction with a sequence number of its own (increasing) and calls flush() once per
// event-loop turn. The log decides the transactions' final order and zxids and reports, on
// the event-loop thread, through a Listener:
//   - committed(txn, seq): `txn` is final (durable alone, or on a majority of an ensemble);
//     apply it now. Reports come in zxid order and include transactions other servers
//     started (seq 0 then);
//   - synced(seq): every transaction committed before the sync `seq` was asked for has been
//     reported (ZooKeeper `sync`);
//   - lost(seq): the outcome of `seq` is unknown (its leader changed or could not be reached);
//     `seq` is never reported again, although the transaction may still commit (with seq 0);
//   - state_replaced(): the state machine was replaced wholesale (an ensemble member installed
//     the leader's snapshot), without a committed() report per transaction;
//   - reconfigured(seq, error): the reconfig `seq` was refused with `error`, or (kOk) its new
//     configuration is committed and applied here (/zookeeper/config holds it).
// Any of these may be called from within append() or sync().
// Standalone, the disk log is the whole story (DiskTxnLog); in an ensemble the replicated
// log forwards to the leader and reports "committed on a majority".
#pragma once

#include <cstdint>

#include "server/processor/txn.hpp"
#include "server/protocol/errors.hpp"
#include "server/protocol/requests.hpp"

namespace zks {

class TxnLog {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void committed(Txn txn, uint64_t seq) = 0;
    virtual void synced(uint64_t seq) = 0;
    virtual void lost(uint64_t seq) = 0;
    virtual void state_replaced() = 0;
    virtual void reconfigured(uint64_t seq, Error error) = 0;
  };

  virtual ~TxnLog() = default;
  virtual void set_listener(Listener* listener) = 0;
  // `txn.zxid` is ignored: the log assigns it.
  virtual void append(uint64_t seq, Txn txn) = 0;
  virtual void sync(uint64_t seq) = 0;
  // Takes a client's reconfig (already checked by check_reconfig), to be answered through
  // reconfigured(seq, ...) or lost(seq). False: there is no membership to change (standalone).
  virtual bool reconfig(uint64_t /*seq*/, const ReconfigRequest& /*request*/) { return false; }
  // Hands over everything appended this turn (group commit).
  virtual void flush() = 0;
  // Whether this server may accept clients (an ensemble member with a known leader).
  virtual bool serving() const { return true; }
  // Whether this server decides session expiry and removes empty containers (the leader).
  virtual bool leads() const { return true; }
};

}  // namespace zks
