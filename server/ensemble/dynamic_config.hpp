// The ensemble's configuration in ZooKeeper's dynamic-config text, as /zookeeper/config holds
// it and `conf` prints it:
//   server.1=10.0.0.1:2888:3888:participant;0.0.0.0:2181
//   server.4=10.0.0.4:2888:3888:observer
//   version=1f0c2a9b
// One line per member of the configuration in force (Raft voters are participants, learners
// observers), sorted by id; the client part is left out when the member's client port is not
// known (another member's server line without `;port`). The version is the checksum of the
// member list (the hex digits of cluster_id_of): equal on every member without coordination,
// and it changes whenever the membership does. ZooKeeper uses the zxid of the reconfiguration
// instead; clients treat the value as opaque.
#pragma once

#include <string>
#include <vector>

#include "server/ensemble/ensemble_config.hpp"
#include "server/replication/types.hpp"

namespace zks::ensemble {

// `server.N=host:quorumPort:electionPort:role[;clientAddr:clientPort]`
std::string server_line(const Member& m);

// The members of `known` that `conf` holds, with the role `conf` gives them.
std::vector<Member> members_in(const std::vector<Member>& known, const raft::ConfState& conf);

// The server lines of `members` (sorted by id) and the version line.
std::string dynamic_config_text(const std::vector<Member>& members);

}  // namespace zks::ensemble
