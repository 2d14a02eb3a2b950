// Membership changes of one ensemble: the server.N entries the inventory wants versus the
// ones the ensemble runs with now. "Now" is read from the zoo.cfg files gathered on the
// cluster's hosts (their server.N lines, united), or, when none was gathered, from the
// members the servers' `conf` reply lists. A myid whose address or role differs counts as
// removed and added (a replacement). When neither source says anything, hosts flagged
// new_host are the ones added.
#pragma once

#include <vector>

#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/plan_input.hpp"

namespace zkd {

struct MembershipChanges {
  std::vector<MemberChange> added;
  std::vector<MemberChange> removed;
};

// `observed[i]` belongs to `desired[i]` and is null when the host was not gathered.
MembershipChanges membership_changes(const std::vector<const DesiredHost*>& desired,
                                     const std::vector<const ObservedHost*>& observed);

}  // namespace zkd
