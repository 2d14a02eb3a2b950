// gather_cluster_state: the observed state of every inventory host, gathered in parallel
// (at most `forks` hosts at once, one SSH session each; see host_gather.hpp for what one host
// costs: one command and three admin-word exchanges). Every host gets an ObservedHost, in
// inventory order; a host that cannot be reached or read is `reachable = false` with the
// error naming it, and never hides the others.
//
// Probe order: every host is probed in parallel; then every reachable host that did not
// report mode leader is probed again, after all first probes ended. A follower's zxid is
// thereby always sampled after its leader's, so a follower that keeps up under continuous
// writes shows no lag (zxid at or past the leader's sample) instead of the transactions
// in flight between two simultaneous samples.
#pragma once

#include <functional>
#include <vector>

#include "orchestrator/gather/host_gather.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/renderer.hpp"

namespace zkd {

// What to gather on a rendered host: its managed files, secret keys and client port.
GatherSpec gather_spec_for(const RenderedHost& rendered);

std::vector<ObservedHost> gather_cluster_state(const RenderResult& rendered, int forks);

// The same for the hosts `rendered.hosts[i]` for i in `which`, each through
// `transport_for(i)` (which must give a distinct transport per host: jobs run in parallel).
// Returns one ObservedHost per entry of `which`, in that order.
std::vector<ObservedHost> gather_hosts(const RenderResult& rendered,
                                       const std::vector<size_t>& which, int forks,
                                       const std::function<Transport&(size_t)>& transport_for);

}  // namespace zkd
