#include "server/processor/state_machine.hpp"

namespace zks {

TxnOutcome StateMachine::apply(const Txn& txn, int64_t now_ms) {
  TxnOutcome out;
  TxnContext ctx{txn.session, txn.zxid, txn.time, txn.auth};
  if (std::holds_alternative<CloseSessionBody>(txn.body)) {
    tree.close_session(txn.session, ctx, out.events);
    sessions.remove(txn.session);
  } else if (auto* cs = std::get_if<CreateSessionBody>(&txn.body)) {
    sessions.add(txn.session, cs->timeout_ms, cs->password, now_ms);
  } else if (txn.session != 0 && !sessions.find(txn.session)) {
    // A write queued before its session closed fails, as in ZooKeeper.
    out.results.push_back(OpResult{Error::kSessionExpired, OpCode::kError, {}, {}});
  } else if (auto* op = std::get_if<WriteOp>(&txn.body)) {
    out.results.push_back(tree.apply(*op, ctx, out.events));
  } else {
    out.multi = true;
    out.results = tree.apply_multi(std::get<MultiOp>(txn.body), ctx, out.events);
  }
  last_zxid_ = txn.zxid;
  return out;
}

std::string StateMachine::snapshot() const {
  std::string out;
  jute::Writer w(out);
  w.i64(last_zxid_);
  sessions.serialize(w);
  tree.serialize(w);
  return out;
}

void StateMachine::restore(std::string_view snapshot, int64_t now_ms) {
  jute::Reader r(snapshot);
  last_zxid_ = r.i64();
  sessions.deserialize(r, now_ms);
  tree.deserialize(r);
  if (!r.at_end()) throw jute::DecodeError("trailing bytes in snapshot");
}

}  // namespace zks
