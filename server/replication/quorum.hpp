// Majority arithmetic over a voter set: the highest index a majority has reached, and the
// outcome of an election from the votes received so far. Learners never appear here.
#pragma once

#include <functional>
#include <map>
#include <set>

#include "server/replication/types.hpp"

namespace zks::raft {

enum class VoteOutcome { kPending, kWon, kLost };

// The largest index that at least a majority of `voters` has reached; `acked` gives each
// voter's index (0 when unknown). An empty voter set yields 0.
Index majority_index(const std::set<NodeId>& voters, const std::function<Index(NodeId)>& acked);

// Granted and refused votes from `votes` (voter -> granted); others are still pending.
VoteOutcome vote_outcome(const std::set<NodeId>& voters, const std::map<NodeId, bool>& votes);

// True when the voters for which `yes` holds form a majority.
bool has_majority(const std::set<NodeId>& voters, const std::function<bool(NodeId)>& yes);

}  // namespace zks::raft
