// Which peers may open a link to this server. A connecting peer's hello names its id and the
// members it knows (its configuration in force: from its Raft log, or its zoo.cfg while its
// log holds none). Membership changes, so equality of the member lists (the cluster id) is
// not required; instead the peer is admitted when
//   - it is a member of our configuration at the address (host, quorum port, election port)
//     it gives for itself, whatever else it lists (it may be some changes ahead of or behind
//     us: a leader must reach a member that missed a change); or
//   - it is not a member of ours, and every other server it lists is one at the same address,
//     and at least one is: a server joining (its zoo.cfg names current members plus itself),
//     or a removed one (harmless: we send it nothing).
// Strangers are refused: a server of another ensemble lists servers we do not have at those
// addresses, and one of ours at another address is an impostor or a misconfiguration. A hello
// without a member list (a member of an ensemble never reconfigured, or an older server) is
// checked by the transport: a member with our cluster id or our zoo.cfg's.
#pragma once

#include <string>
#include <vector>

#include "server/ensemble/ensemble_config.hpp"

namespace zks::ensemble {

// Empty when `peer`, listing `theirs`, is admitted by a server whose configuration is `ours`;
// otherwise why not.
std::string refuse_peer(const std::vector<Member>& ours, raft::NodeId peer,
                        const std::vector<Member>& theirs);

}  // namespace zks::ensemble
