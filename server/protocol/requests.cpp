#include "server/protocol/requests.hpp"

namespace zks {
namespace {

CreateOp read_create(OpCode op, jute::Reader& r) {
  CreateOp c;
  c.op = op;
  c.path = r.string();
  c.data = r.buffer();
  c.acl = read_acls(r);
  c.flags = r.i32();
  if (op == OpCode::kCreateTtl) c.ttl = r.i64();
  return c;
}

MultiOp read_multi(jute::Reader& r) {
  MultiOp m;
  for (;;) {
    int32_t type = r.i32();
    bool done = r.boolean();
    r.i32();  // err, unused in requests
    if (done) break;
    m.ops.push_back(read_op(static_cast<OpCode>(type), r));
  }
  return m;
}

}  // namespace

WriteOp read_op(OpCode type, jute::Reader& r) {
  switch (type) {
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
      return read_create(type, r);
    case OpCode::kDelete:
    case OpCode::kDeleteContainer: {
      DeleteOp d;
      d.path = r.string();
      d.version = r.i32();
      return d;
    }
    case OpCode::kSetData: {
      SetDataOp s;
      s.path = r.string();
      s.data = r.buffer();
      s.version = r.i32();
      return s;
    }
    case OpCode::kCheck: {
      CheckOp c;
      c.path = r.string();
      c.version = r.i32();
      return c;
    }
    case OpCode::kSetAcl: {
      SetAclOp s;
      s.path = r.string();
      s.acl = read_acls(r);
      s.version = r.i32();
      return s;
    }
    default:
      throw jute::DecodeError("operation " + std::to_string(static_cast<int32_t>(type)) +
                              " not allowed here");
  }
}

OpCode op_code(const WriteOp& op) {
  switch (op.index()) {
    case 0:
      return std::get<CreateOp>(op).op;
    case 1:
      return OpCode::kDelete;
    case 2:
      return OpCode::kSetData;
    case 3:
      return OpCode::kCheck;
    default:
      return OpCode::kSetAcl;
  }
}

void write_op(jute::Writer& w, const WriteOp& op) {
  if (auto* c = std::get_if<CreateOp>(&op)) {
    w.string(c->path);
    w.buffer(c->data);
    write_acls(w, c->acl);
    w.i32(c->flags);
    if (c->op == OpCode::kCreateTtl) w.i64(c->ttl);
  } else if (auto* d = std::get_if<DeleteOp>(&op)) {
    w.string(d->path);
    w.i32(d->version);
  } else if (auto* s = std::get_if<SetDataOp>(&op)) {
    w.string(s->path);
    w.buffer(s->data);
    w.i32(s->version);
  } else if (auto* k = std::get_if<CheckOp>(&op)) {
    w.string(k->path);
    w.i32(k->version);
  } else {
    auto& a = std::get<SetAclOp>(op);
    w.string(a.path);
    write_acls(w, a.acl);
    w.i32(a.version);
  }
}

bool is_write(OpCode op) {
  switch (op) {
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
    case OpCode::kSetData:
    case OpCode::kSetAcl:
    case OpCode::kCheck:
    case OpCode::kMulti:
    case OpCode::kCloseSession:
      return true;
    default:
      return false;
  }
}

RequestBody decode_body(OpCode op, jute::Reader& r) {
  switch (op) {
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
    case OpCode::kSetData:
    case OpCode::kCheck:
    case OpCode::kSetAcl:
      return std::visit([](auto&& v) -> RequestBody { return v; }, read_op(op, r));
    case OpCode::kMulti:
      return read_multi(r);
    case OpCode::kExists:
    case OpCode::kGetData:
    case OpCode::kGetChildren:
    case OpCode::kGetChildren2: {
      PathRequest p;
      p.path = r.string();
      p.watch = r.boolean();
      return p;
    }
    case OpCode::kGetAcl:
    case OpCode::kSync:
    case OpCode::kGetAllChildrenNumber:
    case OpCode::kGetEphemerals: {
      PathRequest p;
      p.path = r.string();
      return p;
    }
    case OpCode::kSetWatches:
    case OpCode::kSetWatches2: {
      SetWatchesRequest s;
      s.relative_zxid = r.i64();
      s.data = r.strings();
      s.exist = r.strings();
      s.child = r.strings();
      if (op == OpCode::kSetWatches2) {
        s.persistent = r.strings();
        s.persistent_recursive = r.strings();
      }
      return s;
    }
    case OpCode::kAddWatch: {
      AddWatchRequest a;
      a.path = r.string();
      a.mode = r.i32();
      return a;
    }
    case OpCode::kRemoveWatches:
    case OpCode::kCheckWatches: {
      RemoveWatchesRequest rw;
      rw.path = r.string();
      rw.type = r.i32();
      return rw;
    }
    case OpCode::kReconfig: {
      ReconfigRequest rc;
      rc.joining = r.string();
      rc.leaving = r.string();
      rc.new_members = r.string();
      rc.from_config = r.i64();
      return rc;
    }
    case OpCode::kAuth: {
      AuthRequest a;
      a.type = r.i32();
      a.scheme = r.string();
      a.auth = r.buffer();
      return a;
    }
    default:
      return std::monostate{};
  }
}

}  // namespace zks
