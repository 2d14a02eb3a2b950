#include "server/tree/data_tree.hpp"

#include <cstdio>

#include "server/tree/acl.hpp"
#include "server/tree/path.hpp"

namespace zks {
namespace {

const std::string kConfigPath = "/zookeeper/config";

bool version_matches(int32_t expected, int32_t current) {
  return expected == -1 || expected == current;
}

OpResult fail(Error e, OpCode op) {
  return OpResult{e, op, {}, {}};
}

bool is_ephemeral_owner(int64_t owner) {
  // Session ids carry the server id in their top byte; containers and TTL nodes use marker
  // owners (INT64_MIN, top byte 0xff), as ZooKeeper's EphemeralType does.
  return owner != 0 && owner != kContainerOwner && (static_cast<uint64_t>(owner) >> 56) != 0xff;
}

}  // namespace

DataTree::DataTree() {
  intern_acl({Acl{perm::kAll, {"world", "anyone"}}});
  uint32_t read_only = intern_acl({Acl{perm::kRead, {"world", "anyone"}}});
  auto add = [&](const std::string& path, uint32_t acl) {
    Znode n;
    n.acl = acl;
    index(path, n);
    nodes_.emplace(path, std::move(n));
    if (path != "/") nodes_.find(parent_path(path))->second.children.emplace(base_name(path));
  };
  add("/", 0);
  add("/zookeeper", 0);
  add("/zookeeper/quota", 0);
  add(kConfigPath, read_only);
  nodes_.find(kConfigPath)->second.aversion = -1;  // as ZooKeeper creates it
}

Znode* DataTree::lookup(std::string_view path) {
  auto it = nodes_.find(path);
  return it == nodes_.end() ? nullptr : &it->second;
}

const Znode* DataTree::find(std::string_view path) const {
  auto it = nodes_.find(path);
  return it == nodes_.end() ? nullptr : &it->second;
}

Stat DataTree::stat_of(const Znode& n) const {
  Stat s;
  s.czxid = n.czxid;
  s.mzxid = n.mzxid;
  s.ctime = n.ctime;
  s.mtime = n.mtime;
  s.version = n.version;
  s.cversion = n.cversion;
  s.aversion = n.aversion;
  s.ephemeral_owner = n.ephemeral_owner;
  s.data_length = static_cast<int32_t>(n.data.size());
  s.num_children = static_cast<int32_t>(n.children.size());
  s.pzxid = n.pzxid;
  return s;
}

uint32_t DataTree::intern_acl(const AclList& acl) {
  std::string key;
  jute::Writer w(key);
  write_acls(w, acl);
  auto [it, inserted] = acl_index_.emplace(key, static_cast<uint32_t>(acls_.size()));
  if (inserted) acls_.push_back(acl);
  return it->second;
}

void DataTree::index(const std::string& path, const Znode& node) {
  data_bytes_ += path.size() + node.data.size();
  if (is_ephemeral_owner(node.ephemeral_owner)) ephemerals_[node.ephemeral_owner].insert(path);
  if (node.ephemeral_owner == kContainerOwner) containers_.insert(path);
}

void DataTree::unindex(const std::string& path, const Znode& node) {
  data_bytes_ -= path.size() + node.data.size();
  if (is_ephemeral_owner(node.ephemeral_owner)) {
    auto it = ephemerals_.find(node.ephemeral_owner);
    if (it != ephemerals_.end()) {
      it->second.erase(path);
      if (it->second.empty()) ephemerals_.erase(it);
    }
  }
  if (node.ephemeral_owner == kContainerOwner) containers_.erase(path);
}

void DataTree::remember(const std::string& path) {
  if (!undo_) return;
  const Znode* n = find(path);
  undo_->push_back({path, n ? std::optional<Znode>(*n) : std::nullopt});
}

void DataTree::rollback() {
  auto& undo = *undo_;
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
    if (auto cur = nodes_.find(it->path); cur != nodes_.end()) {
      unindex(it->path, cur->second);
      nodes_.erase(cur);
    }
    if (it->before) {
      index(it->path, *it->before);
      nodes_.emplace(it->path, std::move(*it->before));
    }
  }
}

OpResult DataTree::apply(const WriteOp& op, const TxnContext& ctx,
                         std::vector<WatchEvent>& events) {
  switch (op.index()) {
    case 0:
      return create(std::get<CreateOp>(op), ctx, events);
    case 1:
      return remove(std::get<DeleteOp>(op), ctx, events);
    case 2:
      return set_data(std::get<SetDataOp>(op), ctx, events);
    case 3:
      return check(std::get<CheckOp>(op), ctx);
    default:
      return set_acl(std::get<SetAclOp>(op), ctx);
  }
}

OpResult DataTree::create(const CreateOp& op, const TxnContext& ctx,
                          std::vector<WatchEvent>& events) {
  const int32_t f = op.flags;
  if (f < 0 || f > create_mode::kSequentialTtl) return fail(Error::kBadArguments, op.op);
  bool ttl = f == create_mode::kTtl || f == create_mode::kSequentialTtl;
  bool container = f == create_mode::kContainer;
  if (ttl || op.op == OpCode::kCreateTtl) return fail(Error::kUnimplemented, op.op);
  if (container != (op.op == OpCode::kCreateContainer)) return fail(Error::kBadArguments, op.op);
  bool sequential = (f & create_mode::kSequential) != 0;
  bool ephemeral = f == create_mode::kEphemeral || f == 3;
  if (!valid_path(op.path, sequential)) return fail(Error::kBadArguments, op.op);
  auto acl = fixup_acl(op.acl, ctx.auth);
  if (!acl) return fail(Error::kInvalidAcl, op.op);
  std::string parent_name(parent_path(op.path));
  Znode* parent = lookup(parent_name);
  if (!parent) return fail(Error::kNoNode, op.op);
  if (!acl_allows(acls_[parent->acl], perm::kCreate, ctx.auth)) return fail(Error::kNoAuth, op.op);
  std::string path = op.path;
  if (sequential) {
    char counter[16];
    std::snprintf(counter, sizeof counter, "%010d", parent->cversion);
    path += counter;
  }
  if (!valid_path(path)) return fail(Error::kBadArguments, op.op);
  if (find(path)) return fail(Error::kNodeExists, op.op);
  if (is_ephemeral_owner(parent->ephemeral_owner)) {
    return fail(Error::kNoChildrenForEphemerals, op.op);
  }
  remember(parent_name);
  remember(path);
  Znode n;
  n.data = op.data;
  n.acl = intern_acl(*acl);
  n.czxid = n.mzxid = n.pzxid = ctx.zxid;
  n.ctime = n.mtime = ctx.time;
  n.ephemeral_owner = ephemeral ? ctx.session : container ? kContainerOwner : 0;
  index(path, n);
  parent = lookup(parent_name);  // `remember` does not move nodes, but stay safe after insert
  parent->children.emplace(base_name(path));
  parent->cversion++;
  parent->pzxid = ctx.zxid;
  Stat stat = stat_of(n);
  nodes_.emplace(path, std::move(n));
  events.push_back({path, EventType::kCreated});
  events.push_back({parent_name, EventType::kChildrenChanged});
  return OpResult{Error::kOk, op.op, path, stat};
}

void DataTree::erase_node(const std::string& path, const TxnContext& ctx,
                          std::vector<WatchEvent>& events) {
  std::string parent_name(parent_path(path));
  remember(parent_name);
  remember(path);
  auto it = nodes_.find(path);
  unindex(path, it->second);
  nodes_.erase(it);
  Znode* parent = lookup(parent_name);
  parent->children.erase(std::string(base_name(path)));
  parent->cversion++;
  parent->pzxid = ctx.zxid;
  events.push_back({path, EventType::kDeleted});
  events.push_back({parent_name, EventType::kChildrenChanged});
}

OpResult DataTree::remove(const DeleteOp& op, const TxnContext& ctx,
                          std::vector<WatchEvent>& events) {
  if (!valid_path(op.path) || op.path == "/") return fail(Error::kBadArguments, OpCode::kDelete);
  const Znode* parent = find(parent_path(op.path));
  const Znode* node = find(op.path);
  if (!parent || !node) return fail(Error::kNoNode, OpCode::kDelete);
  if (!acl_allows(acls_[parent->acl], perm::kDelete, ctx.auth)) {
    return fail(Error::kNoAuth, OpCode::kDelete);
  }
  if (!version_matches(op.version, node->version)) return fail(Error::kBadVersion, OpCode::kDelete);
  if (!node->children.empty()) return fail(Error::kNotEmpty, OpCode::kDelete);
  erase_node(op.path, ctx, events);
  return OpResult{Error::kOk, OpCode::kDelete, {}, {}};
}

OpResult DataTree::set_data(const SetDataOp& op, const TxnContext& ctx,
                            std::vector<WatchEvent>& events) {
  if (!valid_path(op.path)) return fail(Error::kBadArguments, OpCode::kSetData);
  Znode* node = lookup(op.path);
  if (!node) return fail(Error::kNoNode, OpCode::kSetData);
  if (!acl_allows(acls_[node->acl], perm::kWrite, ctx.auth)) {
    return fail(Error::kNoAuth, OpCode::kSetData);
  }
  if (!version_matches(op.version, node->version)) {
    return fail(Error::kBadVersion, OpCode::kSetData);
  }
  remember(op.path);
  node = lookup(op.path);
  unindex(op.path, *node);
  node->data = op.data;
  node->version++;
  node->mzxid = ctx.zxid;
  node->mtime = ctx.time;
  index(op.path, *node);
  events.push_back({op.path, EventType::kDataChanged});
  return OpResult{Error::kOk, OpCode::kSetData, {}, stat_of(*node)};
}

bool DataTree::set_config(const std::string& data, int64_t zxid) {
  Znode* node = lookup(kConfigPath);
  if (node->data == data) return false;
  unindex(kConfigPath, *node);
  node->data = data;
  node->version++;
  node->mzxid = zxid;
  index(kConfigPath, *node);
  return true;
}

OpResult DataTree::check(const CheckOp& op, const TxnContext& ctx) {
  if (!valid_path(op.path)) return fail(Error::kBadArguments, OpCode::kCheck);
  const Znode* node = find(op.path);
  if (!node) return fail(Error::kNoNode, OpCode::kCheck);
  if (!acl_allows(acls_[node->acl], perm::kRead, ctx.auth)) {
    return fail(Error::kNoAuth, OpCode::kCheck);
  }
  if (!version_matches(op.version, node->version)) return fail(Error::kBadVersion, OpCode::kCheck);
  return OpResult{Error::kOk, OpCode::kCheck, {}, {}};
}

OpResult DataTree::set_acl(const SetAclOp& op, const TxnContext& ctx) {
  if (!valid_path(op.path)) return fail(Error::kBadArguments, OpCode::kSetAcl);
  auto acl = fixup_acl(op.acl, ctx.auth);
  if (!acl) return fail(Error::kInvalidAcl, OpCode::kSetAcl);
  Znode* node = lookup(op.path);
  if (!node) return fail(Error::kNoNode, OpCode::kSetAcl);
  if (!acl_allows(acls_[node->acl], perm::kAdmin, ctx.auth)) {
    return fail(Error::kNoAuth, OpCode::kSetAcl);
  }
  if (!version_matches(op.version, node->aversion)) {
    return fail(Error::kBadVersion, OpCode::kSetAcl);
  }
  remember(op.path);
  node = lookup(op.path);
  node->acl = intern_acl(*acl);
  node->aversion++;
  return OpResult{Error::kOk, OpCode::kSetAcl, {}, stat_of(*node)};
}

std::vector<OpResult> DataTree::apply_multi(const MultiOp& multi, const TxnContext& ctx,
                                            std::vector<WatchEvent>& events) {
  std::vector<Undo> undo;
  undo_ = &undo;
  std::vector<WatchEvent> staged;
  std::vector<OpResult> results;
  size_t failed_at = multi.ops.size();
  for (size_t i = 0; i < multi.ops.size(); ++i) {
    results.push_back(apply(multi.ops[i], ctx, staged));
    if (results.back().err != Error::kOk) {
      failed_at = i;
      break;
    }
  }
  if (failed_at < multi.ops.size()) {
    rollback();
    for (size_t i = 0; i < multi.ops.size(); ++i) {
      if (i < failed_at) results[i] = fail(Error::kOk, OpCode::kError);
      if (i > failed_at) results.push_back(fail(Error::kRuntimeInconsistency, OpCode::kError));
    }
    results[failed_at].op = OpCode::kError;
  } else {
    events.insert(events.end(), staged.begin(), staged.end());
  }
  undo_ = nullptr;
  return results;
}

void DataTree::close_session(int64_t session, const TxnContext& ctx,
                             std::vector<WatchEvent>& events) {
  for (const auto& path : ephemerals_of(session)) {
    if (find(path)) erase_node(path, ctx, events);
  }
}

std::vector<std::string> DataTree::ephemerals_of(int64_t session) const {
  auto it = ephemerals_.find(session);
  if (it == ephemerals_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

size_t DataTree::ephemeral_count() const {
  size_t n = 0;
  for (const auto& [_, paths] : ephemerals_) n += paths.size();
  return n;
}

std::vector<std::string> DataTree::empty_containers() const {
  std::vector<std::string> out;
  for (const auto& path : containers_) {
    const Znode* n = find(path);
    if (n && n->children.empty() && n->cversion > 0) out.push_back(path);
  }
  return out;
}

int32_t DataTree::descendant_count(std::string_view path) const {
  const Znode* n = find(path);
  if (!n) return 0;
  int32_t total = 0;
  std::string base(path == "/" ? "" : path);
  for (const auto& child : n->children) {
    total += 1 + descendant_count(base + "/" + child);
  }
  return total;
}

void DataTree::serialize(jute::Writer& w) const {
  w.i32(static_cast<int32_t>(acls_.size()));
  for (const auto& acl : acls_) write_acls(w, acl);
  w.i64(static_cast<int64_t>(nodes_.size()));
  for (const auto& [path, n] : nodes_) {
    w.string(path);
    w.buffer(n.data);
    w.i32(static_cast<int32_t>(n.acl));
    w.i32(n.version);
    w.i32(n.cversion);
    w.i32(n.aversion);
    w.i64(n.czxid);
    w.i64(n.mzxid);
    w.i64(n.pzxid);
    w.i64(n.ctime);
    w.i64(n.mtime);
    w.i64(n.ephemeral_owner);
  }
}

void DataTree::deserialize(jute::Reader& r) {
  nodes_.clear();
  acls_.clear();
  acl_index_.clear();
  ephemerals_.clear();
  containers_.clear();
  data_bytes_ = 0;
  int32_t nacl = r.count(4);
  for (int32_t i = 0; i < nacl; ++i) {
    AclList acl = read_acls(r);
    std::string key;
    jute::Writer w(key);
    write_acls(w, acl);
    acl_index_.emplace(std::move(key), static_cast<uint32_t>(acls_.size()));
    acls_.push_back(std::move(acl));
  }
  int64_t count = r.i64();
  if (count < 0 || static_cast<uint64_t>(count) > r.remaining() / 60) {
    throw jute::DecodeError("bad node count");
  }
  std::vector<std::string> order;
  order.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    std::string path = r.string();
    Znode n;
    n.data = r.buffer();
    n.acl = static_cast<uint32_t>(r.i32());
    if (n.acl >= acls_.size()) throw jute::DecodeError("bad ACL reference");
    n.version = r.i32();
    n.cversion = r.i32();
    n.aversion = r.i32();
    n.czxid = r.i64();
    n.mzxid = r.i64();
    n.pzxid = r.i64();
    n.ctime = r.i64();
    n.mtime = r.i64();
    n.ephemeral_owner = r.i64();
    if (!valid_path(path)) throw jute::DecodeError("bad path in snapshot: " + path);
    index(path, n);
    if (!nodes_.emplace(path, std::move(n)).second) {
      throw jute::DecodeError("duplicate path in snapshot: " + path);
    }
    order.push_back(std::move(path));
  }
  for (const auto& path : order) {
    if (path == "/") continue;
    Znode* parent = lookup(parent_path(path));
    if (!parent) throw jute::DecodeError("orphan node in snapshot: " + path);
    parent->children.emplace(base_name(path));
  }
  if (!find("/")) throw jute::DecodeError("snapshot has no root");
}

}  // namespace zks
