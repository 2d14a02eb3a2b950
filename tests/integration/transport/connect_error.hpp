// The error a fresh connection to target fails with, or "" when it connects: the tests of
// host-key checks and authentication compare these messages.
#pragma once

#include <string>

#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {

inline std::string connect_error(const SshTarget& target) {
  SshTransport t(target);
  try {
    t.connect();
  } catch (const TransportError& e) {
    return e.what();
  }
  return "";
}

}  // namespace zkd
