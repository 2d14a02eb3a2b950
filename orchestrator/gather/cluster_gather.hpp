// gather_cluster_state: the observed state of every inventory host, gathered in parallel
// (at most `forks` hosts at once, one SSH session each; see host_gather.hpp for what one host
// costs: one command and three admin-word exchanges). Every host gets an ObservedHost, in
// inventory order; a host that cannot be reached or read is `reachable = false` with the
// error naming it, and never hides the others.
//
// Probe order: every host is probed in parallel (ruok, srvr, mntr); then every answering
// non-leader's srvr is asked again until it reaches its leader's zxid (leader_first.hpp), so
// a follower that keeps up under continuous writes shows no lag. The first round's ruok and
// mntr stand: srvr alone carries a follower's mode and zxid.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "orchestrator/gather/host_gather.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/renderer.hpp"

namespace zkd {

// What to gather on a rendered host: its managed files, secret keys and client port.
GatherSpec gather_spec_for(const RenderedHost& rendered);

std::vector<ObservedHost> gather_cluster_state(const RenderResult& rendered, int forks);

using TransportFor = std::function<Transport&(size_t)>;

// The same for the hosts `rendered.hosts[i]` for i in `which`, each through
// `transport_for(i)` (which must give a distinct transport per host: jobs run in parallel).
// Returns one ObservedHost per entry of `which`, in that order.
// `files(k)` false skips entry k's command: its ObservedHost then carries only the name and
// the status, for a caller that knows the host's file state already.
std::vector<ObservedHost> gather_hosts(const RenderResult& rendered,
                                       const std::vector<size_t>& which, int forks,
                                       const TransportFor& transport_for,
                                       const std::function<bool(size_t)>& files = {});

// The command's part alone (gather_host_files), in parallel: `status` stays empty; a host
// that fails is `reachable = false` with the error.
std::vector<ObservedHost> gather_files(const RenderResult& rendered,
                                       const std::vector<size_t>& which, int forks,
                                       const TransportFor& transport_for);

// The probes alone, leader first as above: one status per entry of `which`.
std::vector<ServerStatus> probe_hosts(const RenderResult& rendered,
                                      const std::vector<size_t>& which, int forks,
                                      const TransportFor& transport_for);

}  // namespace zkd
