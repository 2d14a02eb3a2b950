// ACL rules: which authenticated ids a session holds, whether an ACL list grants a permission
// to them, and the validation/"auth"-expansion ZooKeeper applies to ACLs given in requests.
// Schemes: world (anyone), digest (user:base64(sha1(user:password))), ip (address or CIDR),
// and auth (the session's own ids).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/protocol/opcodes.hpp"
#include "server/protocol/records.hpp"

namespace zks {

// The id a digest credential "user:password" authenticates as.
std::string digest_id(std::string_view credential);

bool acl_allows(const AclList& acl, int32_t wanted, const std::vector<Id>& auth);

// Validates `acl` and replaces "auth" entries by the session's ids; nullopt when invalid.
std::optional<AclList> fixup_acl(const AclList& acl, const std::vector<Id>& auth);

}  // namespace zks
