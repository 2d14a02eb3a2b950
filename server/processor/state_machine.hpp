// StateMachine: the replicated state (tree + sessions) and the single function that changes
// it. apply() must see transactions in strictly increasing zxid order; it returns what the
// transaction did (results for the reply, watch events to deliver). Recovery replays the log
// through the same function, and a replicated log will feed it the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "server/processor/txn.hpp"
#include "server/session/session_tracker.hpp"
#include "server/tree/data_tree.hpp"

namespace zks {

struct TxnOutcome {
  std::vector<OpResult> results;  // one for a single op, one per op for a multi
  std::vector<WatchEvent> events;
  bool multi = false;
};

class StateMachine {
 public:
  StateMachine(int64_t server_id, int32_t min_timeout_ms, int32_t max_timeout_ms)
      : sessions(server_id, min_timeout_ms, max_timeout_ms) {}

  TxnOutcome apply(const Txn& txn, int64_t now_ms);
  int64_t last_zxid() const { return last_zxid_; }

  // Snapshot of the whole state as of last_zxid().
  std::string snapshot() const;
  void restore(std::string_view snapshot, int64_t now_ms);  // throws jute::DecodeError

  DataTree tree;
  SessionTracker sessions;

 private:
  int64_t last_zxid_ = 0;
};

}  // namespace zks
