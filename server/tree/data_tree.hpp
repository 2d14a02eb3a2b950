// DataTree: the znode hierarchy and the rules that change it. Every mutation is a
// deterministic function of (operation, TxnContext): the same transactions applied in zxid
// order produce the same tree on every server, which is what lets a log (and later a
// replicated log) rebuild it. Validation happens here, at apply time, in ZooKeeper's order of
// checks, so results carry the exact error codes ZooKeeper clients expect. Each mutation
// reports the watch events it causes; a failed multi leaves the tree untouched.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "server/jute/archive.hpp"
#include "server/protocol/errors.hpp"
#include "server/protocol/opcodes.hpp"
#include "server/protocol/records.hpp"
#include "server/protocol/requests.hpp"

namespace zks {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Znode {
  std::string data;
  uint32_t acl = 0;  // index into the tree's ACL table
  int32_t version = 0;
  int32_t cversion = 0;
  int32_t aversion = 0;
  int64_t czxid = 0;
  int64_t mzxid = 0;
  int64_t pzxid = 0;
  int64_t ctime = 0;
  int64_t mtime = 0;
  int64_t ephemeral_owner = 0;
  std::unordered_set<std::string, StringHash, std::equal_to<>> children;
};

// Who asks and when: the same for every operation of one transaction.
struct TxnContext {
  int64_t session = 0;
  int64_t zxid = 0;
  int64_t time = 0;  // milliseconds since the epoch
  std::vector<Id> auth;
};

struct WatchEvent {
  std::string path;
  EventType type;
  bool operator==(const WatchEvent&) const = default;
};

struct OpResult {
  Error err = Error::kOk;
  OpCode op = OpCode::kError;
  std::string path;  // created path
  Stat stat;
};

class DataTree {
 public:
  DataTree();

  OpResult apply(const WriteOp& op, const TxnContext& ctx, std::vector<WatchEvent>& events);
  // All operations or none; per-operation results as ZooKeeper reports them.
  std::vector<OpResult> apply_multi(const MultiOp& multi, const TxnContext& ctx,
                                    std::vector<WatchEvent>& events);
  // Deletes the session's ephemeral znodes.
  void close_session(int64_t session, const TxnContext& ctx, std::vector<WatchEvent>& events);

  // The ensemble's membership text in /zookeeper/config (read-only to clients, written by the
  // server itself when the configuration in force changes). Returns false, changing nothing,
  // when the node already holds `data`, so members that publish the same configuration keep
  // the same stat.
  bool set_config(const std::string& data, int64_t zxid);

  const Znode* find(std::string_view path) const;
  Stat stat_of(const Znode& node) const;
  const AclList& acl_of(const Znode& node) const { return acls_[node.acl]; }
  std::vector<std::string> ephemerals_of(int64_t session) const;
  const std::map<int64_t, std::set<std::string>>& ephemerals() const { return ephemerals_; }
  // Containers that once had children and have none now (candidates for deletion).
  std::vector<std::string> empty_containers() const;
  // Number of znodes below `path` (all descendants).
  int32_t descendant_count(std::string_view path) const;

  size_t node_count() const { return nodes_.size(); }
  size_t ephemeral_count() const;
  size_t approximate_data_size() const { return data_bytes_; }

  // Snapshot codec: the whole tree, ACL table included.
  void serialize(jute::Writer& w) const;
  void deserialize(jute::Reader& r);

 private:
  OpResult create(const CreateOp& op, const TxnContext& ctx, std::vector<WatchEvent>& events);
  OpResult remove(const DeleteOp& op, const TxnContext& ctx, std::vector<WatchEvent>& events);
  OpResult set_data(const SetDataOp& op, const TxnContext& ctx, std::vector<WatchEvent>& events);
  OpResult check(const CheckOp& op, const TxnContext& ctx);
  OpResult set_acl(const SetAclOp& op, const TxnContext& ctx);
  void erase_node(const std::string& path, const TxnContext& ctx, std::vector<WatchEvent>& events);

  Znode* lookup(std::string_view path);
  uint32_t intern_acl(const AclList& acl);
  void index(const std::string& path, const Znode& node);
  void unindex(const std::string& path, const Znode& node);
  void remember(const std::string& path);  // records undo state during a multi
  void rollback();

  std::unordered_map<std::string, Znode, StringHash, std::equal_to<>> nodes_;
  std::vector<AclList> acls_;
  std::unordered_map<std::string, uint32_t> acl_index_;  // by encoded ACL list
  std::map<int64_t, std::set<std::string>> ephemerals_;
  std::set<std::string> containers_;
  size_t data_bytes_ = 0;
  struct Undo {
    std::string path;
    std::optional<Znode> before;
  };
  std::vector<Undo>* undo_ = nullptr;
};

}  // namespace zks
