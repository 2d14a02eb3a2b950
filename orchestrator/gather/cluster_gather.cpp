#include "orchestrator/gather/cluster_gather.hpp"

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

std::vector<ObservedHost> gather_cluster_state(const RenderResult& rendered, int forks) {
  std::vector<ObservedHost> observed(rendered.hosts.size());
  const auto outcomes = fan_out(rendered.hosts.size(), forks, [&](size_t i) {
    SshTransport transport(ssh_target_for(*rendered.hosts[i].host));
    observed[i] = gather_host(transport, gather_spec_for(rendered.hosts[i]));
  });
  for (size_t i = 0; i < observed.size(); ++i) {
    if (outcomes[i].ok) continue;
    observed[i] = ObservedHost{};
    observed[i].name = rendered.hosts[i].host->name;
    observed[i].error = outcomes[i].error;
  }
  return observed;
}

}  // namespace zkd
