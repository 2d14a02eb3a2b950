#include "tests/integration/ensemble/server_kinds.hpp"

#include "tests/harness/test_hosts.hpp"

namespace zkd::testing {

std::vector<ServerKind> server_kinds() {
  return {ServerKind::kApacheZooKeeper, ServerKind::kZkServer};
}

LocalEnsembleOptions ensemble_options(ServerKind kind, size_t voters) {
  LocalEnsembleOptions options;
  options.kind = kind;
  options.voters = voters;
  return options;
}

std::string ensemble_unsupported(const LocalEnsemble& ensemble) {
  if (ensemble.kind() != ServerKind::kZkServer) return "";
  std::string mode;
  // zkserver answers srvr within milliseconds of starting; give a loaded machine some slack.
  wait_until(
      [&] {
        mode = ensemble.mode(0);
        return !mode.empty() || !ensemble.running(0);
      },
      std::chrono::seconds(10));
  if (mode != "standalone") return "";
  return "this zkserver build serves standalone despite its server.N lines: ensemble mode is "
         "not available yet";
}

}  // namespace zkd::testing
