// The command line that runs one host's server in the foreground, by artifact kind:
//   zkserver:          <cluster_root>/current/zkserver <zoo.cfg>
//   apache-zookeeper:  <java> [-Xmx<heap>] -Dzookeeper.log.dir=<logs>
//                      -cp <cluster_root>/current/*:<cluster_root>/current/lib/*
//                      org.apache.zookeeper.server.quorum.QuorumPeerMain <zoo.cfg>
// Paths go through `current`, so switching the release link is all an upgrade changes; the
// classpath covers a directory of jars (current/*) and an unpacked release tarball (lib/*).
// Every path contains the cluster root, which is how a pid is recognised as our server.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/inventory/inventory.hpp"

namespace zkd {

std::vector<std::string> server_argv(const Host& host);

}  // namespace zkd
