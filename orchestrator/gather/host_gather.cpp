#include "orchestrator/gather/host_gather.hpp"

#include <cctype>
#include <stdexcept>

#include "orchestrator/probe/srvr_reply.hpp"
#include "orchestrator/render/redact.hpp"

namespace zkd {

ObservedHost observed_from_report(const GatherSpec& spec, const HostReport& report) {
  ObservedHost host;
  host.name = spec.name;
  host.reachable = true;
  for (size_t i = 0; i < spec.paths.size(); ++i) {
    const ReportedFile& r = report.files[i];
    ObservedFile file;
    file.exists = r.exists;
    file.sha256 = r.sha256;
    file.mode = r.mode;
    file.content = r.content;
    if (r.content) file.display = redact_key_values(*r.content, spec.secret_keys);
    host.files[spec.paths[i]] = std::move(file);
  }
  if (report.current_target) host.current_release = release_of_link(*report.current_target);
  host.releases = report.releases;
  if (report.pid && report.pid_alive) host.server_pid = report.pid;
  host.free_bytes = report.free_bytes;
  host.lock_holder = report.lock_holder;
  while (host.lock_holder && !host.lock_holder->empty() &&
         std::isspace(static_cast<unsigned char>(host.lock_holder->back()))) {
    host.lock_holder->pop_back();
  }
  return host;
}

ProbeReplies probe_server(Transport& transport, const GatherSpec& spec) {
  ProbeReplies replies;
  const auto ask = [&](const char* word, std::optional<std::string>& reply) {
    reply = transport.tcp_exchange(spec.probe_address, spec.client_port, word, spec.probe_timeout);
  };
  try {
    ask("ruok", replies.ruok);
  } catch (const TransportError& e) {
    replies.connect_error = e.what();
    return replies;
  }
  try {
    ask("srvr", replies.srvr);
  } catch (const TransportError&) {
  }
  // mntr adds only the leader's sync counters: a follower or observer whose srvr is usable
  // has said everything the status needs.
  if (replies.srvr) {
    const Parsed<SrvrReply> srvr = parse_srvr(*replies.srvr);
    if (srvr.ok() &&
        (srvr.value.mode == ServerMode::follower || srvr.value.mode == ServerMode::observer)) {
      return replies;
    }
  }
  try {
    ask("mntr", replies.mntr);
  } catch (const TransportError&) {
  }
  return replies;
}

ObservedHost gather_host_files(Transport& transport, const GatherSpec& spec,
                               const ExecRequest* before) {
  ExecRequest request;
  request.argv = gather_argv(spec.cluster_root, spec.release, spec.paths);
  if (before != nullptr) request = exec_then(*before, request.argv);
  const ExecResult result = exec_checked(transport, request);
  ObservedHost host;
  try {
    host = observed_from_report(spec, parse_host_report(result.out, spec.paths.size()));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(transport.host_label() + ": " + e.what());
  }
  return host;
}

}  // namespace zkd
