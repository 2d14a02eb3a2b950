// LocalShellTransport: a Transport for unit tests of the shell scripts zkdeploy runs on hosts.
// It runs a command the way sshd does -- the quoted command line (shell_quote.hpp) handed to
// `/bin/sh -c` -- on this machine, with stdin fed and stdout and stderr collected apart. No
// TCP: tcp_exchange throws.
#pragma once

#include "orchestrator/transport/transport.hpp"

namespace zkd::test {

class LocalShellTransport : public Transport {
 public:
  std::string host_label() const override { return "local (sh)"; }
  ExecResult exec(const ExecRequest& request) override;
  std::string tcp_exchange(const std::string&, uint16_t, std::string_view,
                           std::chrono::milliseconds) override {
    throw TransportError("no TCP in the local shell transport");
  }
};

}  // namespace zkd::test
