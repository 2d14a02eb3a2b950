// gather_cluster_state: the observed state of every inventory host, gathered in parallel
// (at most `forks` hosts at once, one SSH session each; see host_gather.hpp for what one host
// costs: one command and three admin-word exchanges). Every host gets an ObservedHost, in
// inventory order; a host that cannot be reached or read is `reachable = false` with the
// error naming it, and never hides the others.
#pragma once

#include <vector>

#include "orchestrator/gather/host_gather.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/renderer.hpp"

namespace zkd {

// What to gather on a rendered host: its managed files, secret keys and client port.
GatherSpec gather_spec_for(const RenderedHost& rendered);

std::vector<ObservedHost> gather_cluster_state(const RenderResult& rendered, int forks);

}  // namespace zkd
