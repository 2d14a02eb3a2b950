#include "orchestrator/gather/cluster_gather.hpp"

#include <memory>

#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/inventory_target.hpp"
#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {

GatherSpec gather_spec_for(const RenderedHost& rendered) {
  const Host& host = *rendered.host;
  GatherSpec spec;
  spec.name = host.name;
  spec.cluster_root = host.cluster_root();
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
                                       const std::function<Transport&(size_t)>& transport_for) {
  std::vector<ObservedHost> observed(which.size());
  const auto outcomes = fan_out(which.size(), forks, [&](size_t k) {
    observed[k] = gather_host(transport_for(which[k]), gather_spec_for(rendered.hosts[which[k]]));
  });
  std::vector<size_t> again;
  for (size_t k = 0; k < observed.size(); ++k) {
    if (outcomes[k].ok) {
      if (observed[k].status.answered && observed[k].status.mode != ServerMode::leader) {
        again.push_back(k);
      }
      continue;
    }
    observed[k] = ObservedHost{};
    observed[k].name = rendered.hosts[which[k]].host->name;
    observed[k].error = outcomes[k].error;
  }
  // A failed second probe keeps the first one's answer.
  fan_out(again.size(), forks, [&](size_t j) {
    const size_t k = again[j];
    const GatherSpec spec = gather_spec_for(rendered.hosts[which[k]]);
    const ProbeReplies replies = probe_server(transport_for(which[k]), spec);
    if (replies.connect_error.empty()) observed[k].status = status_from_replies(replies);
  });
  return observed;
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
