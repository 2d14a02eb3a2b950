// What a reconfig request asks of the ensemble, decided by the leader from the configuration
// in force: one of the Raft core's single-server changes, with the new configuration's
// dynamic-config text as the change's context (so the configuration entry carries every
// member's addresses), or ZooKeeper's error:
//   - the one-server-at-a-time rules of check_reconfig (ZBADARGUMENTS);
//   - fromConfig other than -1 and other than the version in force (ZBADVERSION);
//   - a joining spec that does not parse, names a member at other addresses, or a member
//     already in that role; leaving an unknown server or the last participant
//     (ZBADARGUMENTS).
// A joining member already present with the other role changes role (observer <-> participant).
// The new version is the hex index the configuration entry gets.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "server/ensemble/ensemble_config.hpp"
#include "server/protocol/errors.hpp"
#include "server/protocol/requests.hpp"
#include "server/replication/membership.hpp"

namespace zks::ensemble {

struct ReconfigPlan {
  Error error = Error::kOk;
  std::string why;
  raft::ConfChange change{};  // context: the new configuration's text
  raft::ConfState next{};     // the configuration after the change
  std::vector<Member> members;
};

ReconfigPlan plan_reconfig(const ReconfigRequest& request, const std::vector<Member>& in_force,
                           const std::string& version, raft::Index entry_index);

// Whether a majority of `conf`'s voters is in `live` (ZooKeeper answers ZNEWCONFIGNOQUORUM
// when the new configuration's quorum is not connected to the leader).
bool quorum_live(const raft::ConfState& conf, const std::set<raft::NodeId>& live);

}  // namespace zks::ensemble
