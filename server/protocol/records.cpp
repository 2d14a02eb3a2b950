#include "server/protocol/records.hpp"

namespace zks {

void write_stat(jute::Writer& w, const Stat& s) {
  w.i64(s.czxid);
  w.i64(s.mzxid);
  w.i64(s.ctime);
  w.i64(s.mtime);
  w.i32(s.version);
  w.i32(s.cversion);
  w.i32(s.aversion);
  w.i64(s.ephemeral_owner);
  w.i32(s.data_length);
  w.i32(s.num_children);
  w.i64(s.pzxid);
}

Stat read_stat(jute::Reader& r) {
  Stat s;
  s.czxid = r.i64();
  s.mzxid = r.i64();
  s.ctime = r.i64();
  s.mtime = r.i64();
  s.version = r.i32();
  s.cversion = r.i32();
  s.aversion = r.i32();
  s.ephemeral_owner = r.i64();
  s.data_length = r.i32();
  s.num_children = r.i32();
  s.pzxid = r.i64();
  return s;
}

void write_acls(jute::Writer& w, const AclList& acls) {
  w.i32(static_cast<int32_t>(acls.size()));
  for (const auto& a : acls) {
    w.i32(a.perms);
    w.string(a.id.scheme);
    w.string(a.id.id);
  }
}

AclList read_acls(jute::Reader& r) {
  int32_t n = r.count(12);
  AclList acls;
  acls.reserve(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    Acl a;
    a.perms = r.i32();
    a.id.scheme = r.string();
    a.id.id = r.string();
    acls.push_back(std::move(a));
  }
  return acls;
}

}  // namespace zks
