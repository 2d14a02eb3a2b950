#include "orchestrator/transport/ssh_target.hpp"

namespace zkd {

std::string SshTarget::label() const {
  std::string where = user + "@" + address + ":" + std::to_string(port);
  if (name.empty() || name == address) return where;
  return name + " (" + where + ")";
}

}  // namespace zkd
