#include "server/processor/txn.hpp"

namespace zks {
namespace {
enum BodyTag : int32_t { kClose = 0, kCreateSession = 1, kWrite = 2, kMulti = 3 };
}

std::string encode_txn(const Txn& t) {
  std::string out;
  jute::Writer w(out);
  w.i64(t.zxid);
  w.i64(t.session);
  w.i32(t.xid);
  w.i64(t.time);
  w.i32(static_cast<int32_t>(t.auth.size()));
  for (const auto& id : t.auth) {
    w.string(id.scheme);
    w.string(id.id);
  }
  w.i32(static_cast<int32_t>(t.body.index()));
  if (auto* cs = std::get_if<CreateSessionBody>(&t.body)) {
    w.i32(cs->timeout_ms);
    w.buffer(cs->password);
  } else if (auto* op = std::get_if<WriteOp>(&t.body)) {
    w.i32(static_cast<int32_t>(op_code(*op)));
    write_op(w, *op);
  } else if (auto* m = std::get_if<MultiOp>(&t.body)) {
    w.i32(static_cast<int32_t>(m->ops.size()));
    for (const auto& o : m->ops) {
      w.i32(static_cast<int32_t>(op_code(o)));
      write_op(w, o);
    }
  }
  return out;
}

Txn decode_txn(std::string_view record) {
  jute::Reader r(record);
  Txn t;
  t.zxid = r.i64();
  t.session = r.i64();
  t.xid = r.i32();
  t.time = r.i64();
  int32_t nauth = r.count(8);
  for (int32_t i = 0; i < nauth; ++i) {
    Id id;
    id.scheme = r.string();
    id.id = r.string();
    t.auth.push_back(std::move(id));
  }
  switch (r.i32()) {
    case kClose:
      t.body = CloseSessionBody{};
      break;
    case kCreateSession: {
      CreateSessionBody cs;
      cs.timeout_ms = r.i32();
      cs.password = r.buffer();
      t.body = std::move(cs);
      break;
    }
    case kWrite: {
      auto op = static_cast<OpCode>(r.i32());
      t.body = read_op(op, r);
      break;
    }
    case kMulti: {
      MultiOp m;
      int32_t n = r.count(8);
      for (int32_t i = 0; i < n; ++i) {
        auto op = static_cast<OpCode>(r.i32());
        m.ops.push_back(read_op(op, r));
      }
      t.body = std::move(m);
      break;
    }
    default:
      throw jute::DecodeError("unknown transaction kind");
  }
  if (!r.at_end()) throw jute::DecodeError("trailing bytes in transaction");
  return t;
}

}  // namespace zks
