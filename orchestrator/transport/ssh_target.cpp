#include "orchestrator/transport/ssh_target.hpp"

#include <stdexcept>

namespace zkd {

HostKeyPolicy parse_host_key_policy(const std::string& text) {
  if (text == "strict") return HostKeyPolicy::strict;
  if (text == "accept-new") return HostKeyPolicy::accept_new;
  throw std::invalid_argument("host_key_policy must be strict or accept-new, not '" + text + "'");
}

const char* to_string(HostKeyPolicy policy) {
  return policy == HostKeyPolicy::strict ? "strict" : "accept-new";
}

std::string SshTarget::label() const {
  std::string where = user + "@" + address + ":" + std::to_string(port);
  if (name.empty() || name == address) return where;
  return name + " (" + where + ")";
}

}  // namespace zkd
