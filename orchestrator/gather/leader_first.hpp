// Leader-first zxid sampling. Under continuous writes a follower always trails its leader by
// the transactions in flight, so two zxids sampled at the same moment would make
// `max_zxid_lag: 0` call a healthy, busy ensemble unhealthy. After a first round of probes,
// every answering non-leader is probed again (unless its first answer already reached it:
// an idle ensemble needs one round) until its zxid reaches the zxid its cluster's
// leader reported in that first round (or the leader opened a new epoch, which its followers
// lack no transaction of), at most `catch_up` long. A follower's zxid is thereby compared
// with a leader sample taken before it: a follower that keeps up passes, one that is stuck
// or falling behind is still seen behind when the window closes.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "orchestrator/probe/server_status.hpp"

namespace zkd {

inline constexpr std::chrono::milliseconds kFollowerCatchUp{3'000};

// `statuses[k]` is member k's first-round status and `clusters[k]` its cluster's name;
// `probe(k)` probes member k again (nullopt when it cannot be reached: the first answer
// stays). Members are re-probed in parallel, at most `forks` at once.
void resample_after_leader(std::vector<ServerStatus>& statuses,
                           const std::vector<std::string>& clusters, int forks,
                           const std::function<std::optional<ServerStatus>(size_t)>& probe,
                           std::chrono::milliseconds catch_up = kFollowerCatchUp);

}  // namespace zkd
