// The ensemble's configuration in ZooKeeper's dynamic-config text, as /zookeeper/config holds
// it and `conf` prints it:
//   server.1=10.0.0.1:2888:3888:participant;0.0.0.0:2181
//   server.4=10.0.0.4:2888:3888:observer
//   version=1f0c2a9b
// One line per member of the configuration in force (Raft voters are participants, learners
// observers), sorted by id; the client part is left out when the member's client port is not
// known (another member's server line without `;port`). The founding configuration's version
// is the checksum of the member list (the hex digits of cluster_id_of): equal on every member
// without coordination. A configuration made by reconfig carries its text, version included,
// in its Raft configuration entry; its version is the hex Raft index of that entry, so it
// changes with every committed reconfig (ZooKeeper uses the reconfiguration's zxid; clients
// treat the value as opaque, and pass it back as reconfig's fromConfig, parsed as hex).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/ensemble/ensemble_config.hpp"
#include "server/replication/types.hpp"

namespace zks::ensemble {

// `server.N=host:quorumPort:electionPort:role[;clientAddr:clientPort]`
std::string server_line(const Member& m);

// The members of `known` that `conf` holds, with the role `conf` gives them.
std::vector<Member> members_in(const std::vector<Member>& known, const raft::ConfState& conf);

// The server lines of `members` (sorted by id) and the version line: `version`, or the
// founding checksum when empty.
std::string dynamic_config_text(const std::vector<Member>& members,
                                const std::string& version = {});

// The members a dynamic-config text lists (its `version=` line and blank lines skipped);
// throws ConfigError naming `name` and the bad line.
std::vector<Member> parse_dynamic_config(std::string_view text, const std::string& name);
// The value of the text's `version=` line; empty without one.
std::string config_version(std::string_view text);

}  // namespace zks::ensemble
