// Shared wire records: Stat, Id and ACL, with their jute encodings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/jute/archive.hpp"

namespace zks {

struct Stat {
  int64_t czxid = 0;
  int64_t mzxid = 0;
  int64_t ctime = 0;
  int64_t mtime = 0;
  int32_t version = 0;
  int32_t cversion = 0;
  int32_t aversion = 0;
  int64_t ephemeral_owner = 0;
  int32_t data_length = 0;
  int32_t num_children = 0;
  int64_t pzxid = 0;
  bool operator==(const Stat&) const = default;
};

struct Id {
  std::string scheme;
  std::string id;
  bool operator==(const Id&) const = default;
};

struct Acl {
  int32_t perms = 0;
  Id id;
  bool operator==(const Acl&) const = default;
};

using AclList = std::vector<Acl>;

void write_stat(jute::Writer& w, const Stat& s);
Stat read_stat(jute::Reader& r);
void write_acls(jute::Writer& w, const AclList& acls);
AclList read_acls(jute::Reader& r);

}  // namespace zks
