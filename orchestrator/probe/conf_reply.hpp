// Parser for the reply to `conf`: `key=value` settings, then a "membership: " line followed
// by the `server.N=...` entries, then `version=<hex>`. Settings keep their order-free map;
// membership entries are parsed by parse_server_entry. Malformed membership lines make the
// reply malformed, since membership drives safety decisions.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/probe/admin_reply.hpp"
#include "orchestrator/probe/ensemble_member.hpp"

namespace zkd {

struct ConfReply {
  std::map<std::string, std::string, std::less<>> settings;  // before "membership:"
  std::vector<EnsembleMember> members;
  std::string config_version;  // the `version=` after the membership, as printed
};

Parsed<ConfReply> parse_conf(std::string_view reply);

}  // namespace zkd
