#include "orchestrator/apply/server_command.hpp"

namespace zkd {

std::vector<std::string> server_argv(const Host& host) {
  const std::string current = host.current_link();
  if (host.artifact.kind == ArtifactKind::zkserver) {
    return {current + "/zkserver", host.zoo_cfg_path()};
  }
  std::vector<std::string> argv = {host.artifact.java};
  if (host.service.heap_size) {
    // -Xmx takes KiB granularity; round down but never to zero.
    argv.push_back("-Xmx" + std::to_string(std::max<uint64_t>(*host.service.heap_size >> 10, 1)) +
                   "k");
  }
  argv.insert(
      argv.end(),
      {"-Dzookeeper.log.dir=" + host.logs_dir(), "-cp", current + "/*:" + current + "/lib/*",
       "org.apache.zookeeper.server.quorum.QuorumPeerMain", host.zoo_cfg_path()});
  return argv;
}

}  // namespace zkd
