#include "server/protocol/requests.hpp"

#include <type_traits>

namespace zks {
namespace {

// One description of each record's fields, in wire order, serves both directions: `io` is a
// Decode or an Encode, called once per field.
struct Decode {
  jute::Reader& r;
  void operator()(std::string& v) { v = r.string(); }
  void operator()(int32_t& v) { v = r.i32(); }
  void operator()(int64_t& v) { v = r.i64(); }
  void operator()(AclList& v) { v = read_acls(r); }
};

struct Encode {
  jute::Writer& w;
  void operator()(const std::string& v) { w.string(v); }
  void operator()(int32_t v) { w.i32(v); }
  void operator()(int64_t v) { w.i64(v); }
  void operator()(const AclList& v) { write_acls(w, v); }
};

template <typename IO, typename Record>
void fields(IO& io, Record& x) {
  using T = std::remove_const_t<Record>;
  if constexpr (std::is_same_v<T, CreateOp>) {
    io(x.path);
    io(x.data);
    io(x.acl);
    io(x.flags);
    if (x.op == OpCode::kCreateTtl) io(x.ttl);
  } else if constexpr (std::is_same_v<T, DeleteOp> || std::is_same_v<T, CheckOp>) {
    io(x.path);
    io(x.version);
  } else if constexpr (std::is_same_v<T, SetDataOp>) {
    io(x.path);
    io(x.data);
    io(x.version);
  } else if constexpr (std::is_same_v<T, SetAclOp>) {
    io(x.path);
    io(x.acl);
    io(x.version);
  } else if constexpr (std::is_same_v<T, AddWatchRequest>) {
    io(x.path);
    io(x.mode);
  } else if constexpr (std::is_same_v<T, RemoveWatchesRequest>) {
    io(x.path);
    io(x.type);
  } else if constexpr (std::is_same_v<T, ReconfigRequest>) {
    io(x.joining);
    io(x.leaving);
    io(x.new_members);
    io(x.from_config);
  } else if constexpr (std::is_same_v<T, AuthRequest>) {
    io(x.type);
    io(x.scheme);
    io(x.auth);
  } else {
    static_assert(!std::is_same_v<T, T>, "a record without a field list");
  }
}

// `x` arrives with what selects its layout already set (CreateOp::op).
template <typename T>
T decode(jute::Reader& r, T x = {}) {
  Decode io{r};
  fields(io, x);
  return x;
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
    case OpCode::kCreateTtl: {
      CreateOp c;
      c.op = type;
      return decode(r, c);
    }
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
      return decode<DeleteOp>(r);
    case OpCode::kSetData:
      return decode<SetDataOp>(r);
    case OpCode::kCheck:
      return decode<CheckOp>(r);
    case OpCode::kSetAcl:
      return decode<SetAclOp>(r);
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
  std::visit(
      [&](const auto& x) {
        Encode io{w};
        fields(io, x);
      },
      op);
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
    case OpCode::kAddWatch:
      return decode<AddWatchRequest>(r);
    case OpCode::kRemoveWatches:
    case OpCode::kCheckWatches:
      return decode<RemoveWatchesRequest>(r);
    case OpCode::kReconfig:
      return decode<ReconfigRequest>(r);
    case OpCode::kAuth:
      return decode<AuthRequest>(r);
    default:
      return std::monostate{};
  }
}

}  // namespace zks
