// Gathers one host's observed state through a Transport: ONE remote command (host_report.hpp)
// for files, `current`, releases, the server's pid, free disk and the lock holder
// (gather_host_files), and the admin words ruok, srvr and mntr over TCP from the host itself
// (Transport::tcp_exchange, probe_server).
// Reads only; never writes anything on the host. Gathered zoo.cfg text is masked with the
// same secret keys as the rendered one before it can be printed.
#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "orchestrator/gather/host_report.hpp"
#include "orchestrator/plan/plan_input.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

struct GatherSpec {
  std::string name;                   // inventory host name
  std::string cluster_root;           // <install_root>/<cluster>
  std::string release;                // the desired release id: free disk is asked only
                                      // when it is missing; empty: always
  std::vector<std::string> paths;     // the managed files
  std::set<std::string> secret_keys;  // zoo.cfg keys whose values are masked
  std::string probe_address;          // where the client port listens, as seen from the host
  uint16_t client_port = 2181;
  std::chrono::milliseconds probe_timeout{3'000};
};

// The command's part: everything but `status`. Throws TransportError when the host cannot be
// reached or the command fails, and std::runtime_error when its output is not a gather report.
// With `before`, that command runs first in the same command (exec_then: it must print
// nothing on success), and the files are gathered only when it succeeds.
ObservedHost gather_host_files(Transport& transport, const GatherSpec& spec,
                               const ExecRequest* before = nullptr);

// The admin words' raw replies: ruok, srvr, and mntr unless srvr shows a follower or an
// observer (mntr's sync counters matter on the leader only). A failure to reach the client
// port ends the probing and is recorded in connect_error (a stopped server is an
// observation, not an error).
ProbeReplies probe_server(Transport& transport, const GatherSpec& spec);

// The observed host that a report describes (pure; exposed for tests).
ObservedHost observed_from_report(const GatherSpec& spec, const HostReport& report);

}  // namespace zkd
