// Decoded client requests. Write operations (CreateOp, DeleteOp, SetDataOp, CheckOp, SetAclOp,
// MultiOp) are also the bodies of transactions, so the same records flow from the wire into
// the log and into the tree. decode_request() throws jute::DecodeError on malformed bodies.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "server/jute/archive.hpp"
#include "server/protocol/opcodes.hpp"
#include "server/protocol/records.hpp"

namespace zks {

struct CreateOp {
  OpCode op = OpCode::kCreate;  // create, create2, createContainer or createTTL
  std::string path;
  std::string data;
  AclList acl;
  int32_t flags = 0;
  int64_t ttl = 0;
};
struct DeleteOp {
  std::string path;
  int32_t version = -1;
};
struct SetDataOp {
  std::string path;
  std::string data;
  int32_t version = -1;
};
struct CheckOp {
  std::string path;
  int32_t version = -1;
};
struct SetAclOp {
  std::string path;
  AclList acl;
  int32_t version = -1;
};
using WriteOp = std::variant<CreateOp, DeleteOp, SetDataOp, CheckOp, SetAclOp>;
struct MultiOp {
  std::vector<WriteOp> ops;
};

// exists, getData, getChildren(2), getACL, sync, getAllChildrenNumber, getEphemerals.
struct PathRequest {
  std::string path;
  bool watch = false;
};
struct SetWatchesRequest {
  int64_t relative_zxid = 0;
  std::vector<std::string> data, exist, child, persistent, persistent_recursive;
};
struct AddWatchRequest {
  std::string path;
  int32_t mode = 0;  // 0 persistent, 1 persistent recursive
};
struct RemoveWatchesRequest {  // also checkWatches
  std::string path;
  int32_t type = 0;  // 1 children, 2 data, 3 any
};
struct AuthRequest {
  int32_t type = 0;
  std::string scheme;
  std::string auth;
};

// ZooKeeper's ReconfigRequest: comma-separated server specs to add, server ids to remove, or
// (non-incremental) the whole new member list; from_config -1 means any current version.
struct ReconfigRequest {
  std::string joining;
  std::string leaving;
  std::string new_members;
  int64_t from_config = -1;
};

using RequestBody = std::variant<std::monostate, CreateOp, DeleteOp, SetDataOp, CheckOp, SetAclOp,
                                 MultiOp, PathRequest, SetWatchesRequest, AddWatchRequest,
                                 RemoveWatchesRequest, AuthRequest, ReconfigRequest>;

struct Request {
  int32_t xid = 0;
  OpCode op = OpCode::kPing;
  RequestBody body;
};

// Decodes the body that follows a RequestHeader. Unknown opcodes decode to monostate.
RequestBody decode_body(OpCode op, jute::Reader& r);

// True for operations that change state and therefore become transactions.
bool is_write(OpCode op);

void write_op(jute::Writer& w, const WriteOp& op);
WriteOp read_op(OpCode type, jute::Reader& r);
OpCode op_code(const WriteOp& op);

}  // namespace zks
