#include "orchestrator/gather/cluster_gather.hpp"

#include <memory>

#include "orchestrator/gather/leader_first.hpp"
#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/inventory_target.hpp"
#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {
namespace {

// Turns first-round replies into statuses and resamples the non-leaders' srvr after their
// leader's (leader_first.hpp). Members whose replies are nullopt were not probed.
std::vector<ServerStatus> settle(const RenderResult& rendered, const std::vector<size_t>& which,
                                 int forks, const TransportFor& transport_for,
                                 const std::vector<std::optional<ProbeReplies>>& replies) {
  std::vector<ServerStatus> statuses(which.size());
  std::vector<std::string> clusters;
  for (size_t k = 0; k < which.size(); ++k) {
    if (replies[k]) statuses[k] = status_from_replies(*replies[k]);
    clusters.push_back(rendered.hosts[which[k]].host->cluster);
  }
  resample_after_leader(statuses, clusters, forks, [&](size_t k) -> std::optional<ServerStatus> {
    const GatherSpec spec = gather_spec_for(rendered.hosts[which[k]]);
    ProbeReplies again = *replies[k];
    try {
      again.srvr = transport_for(which[k]).tcp_exchange(spec.probe_address, spec.client_port,
                                                        "srvr", spec.probe_timeout);
    } catch (const TransportError&) {
      return std::nullopt;
    }
    return status_from_replies(again);
  });
  return statuses;
}

// A host whose job failed becomes unreachable with the error, its file state dropped.
void mark_failures(const RenderResult& rendered, const std::vector<size_t>& which,
                   const std::vector<HostOutcome>& outcomes, std::vector<ObservedHost>& observed) {
  for (size_t k = 0; k < observed.size(); ++k) {
    if (outcomes[k].ok) continue;
    observed[k] = ObservedHost{};
    observed[k].name = rendered.hosts[which[k]].host->name;
    observed[k].error = outcomes[k].error;
  }
}

}  // namespace

GatherSpec gather_spec_for(const RenderedHost& rendered) {
  const Host& host = *rendered.host;
  GatherSpec spec;
  spec.name = host.name;
  spec.cluster_root = host.cluster_root();
  spec.release = rendered.release;
  for (const auto& file : rendered.files) spec.paths.push_back(file.path);
  spec.secret_keys = rendered.secret_keys;
  // The server listens on clientPortAddress when set (a wildcard means every address).
  spec.probe_address = host.address;
  const auto bind = host.config.find("clientPortAddress");
  if (bind != host.config.end() && bind->second.value != "0.0.0.0" && bind->second.value != "::") {
    spec.probe_address = bind->second.value;
  }
  spec.client_port = static_cast<uint16_t>(host.client_port);
  return spec;
}

std::vector<ObservedHost> gather_hosts(const RenderResult& rendered,
                                       const std::vector<size_t>& which, int forks,
                                       const TransportFor& transport_for,
                                       const std::function<bool(size_t)>& files) {
  // One job per host runs its command and its first probes back to back; a host whose
  // command failed is not probed (its SSH connection is what failed).
  std::vector<ObservedHost> observed(which.size());
  std::vector<std::optional<ProbeReplies>> replies(which.size());
  const auto outcomes = fan_out(which.size(), forks, [&](size_t k) {
    const GatherSpec spec = gather_spec_for(rendered.hosts[which[k]]);
    if (!files || files(k)) {
      observed[k] = gather_host_files(transport_for(which[k]), spec);
    } else {
      observed[k].name = spec.name;
    }
    replies[k] = probe_server(transport_for(which[k]), spec);
  });
  mark_failures(rendered, which, outcomes, observed);
  for (size_t k = 0; k < observed.size(); ++k) {
    if (!outcomes[k].ok) replies[k].reset();
  }
  std::vector<ServerStatus> statuses = settle(rendered, which, forks, transport_for, replies);
  for (size_t k = 0; k < observed.size(); ++k) observed[k].status = std::move(statuses[k]);
  return observed;
}

std::vector<ObservedHost> gather_files(const RenderResult& rendered,
                                       const std::vector<size_t>& which, int forks,
                                       const TransportFor& transport_for) {
  std::vector<ObservedHost> observed(which.size());
  const auto outcomes = fan_out(which.size(), forks, [&](size_t k) {
    observed[k] =
        gather_host_files(transport_for(which[k]), gather_spec_for(rendered.hosts[which[k]]));
  });
  mark_failures(rendered, which, outcomes, observed);
  return observed;
}

std::vector<ServerStatus> probe_hosts(const RenderResult& rendered,
                                      const std::vector<size_t>& which, int forks,
                                      const TransportFor& transport_for) {
  std::vector<std::optional<ProbeReplies>> replies(which.size());
  fan_out(which.size(), forks, [&](size_t k) {
    replies[k] = probe_server(transport_for(which[k]), gather_spec_for(rendered.hosts[which[k]]));
  });
  return settle(rendered, which, forks, transport_for, replies);
}

std::vector<ObservedHost> gather_cluster_state(const RenderResult& rendered, int forks) {
  std::vector<std::unique_ptr<SshTransport>> transports(rendered.hosts.size());
  std::vector<size_t> all(rendered.hosts.size());
  for (size_t i = 0; i < all.size(); ++i) {
    all[i] = i;
    transports[i] = std::make_unique<SshTransport>(ssh_target_for(*rendered.hosts[i].host));
  }
  return gather_hosts(rendered, all, forks, [&](size_t i) -> Transport& { return *transports[i]; });
}

}  // namespace zkd
