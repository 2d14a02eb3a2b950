#include "orchestrator/transport/inventory_target.hpp"

#include <cstdlib>
#include <memory>

namespace zkd {

SshTarget ssh_target_for(const Host& host) {
  SshTarget t;
  t.name = host.name;
  t.address = host.address;
  t.port = static_cast<uint16_t>(host.ssh.port);
  t.user = host.ssh.user;
  t.identity_file = host.ssh.identity_file.string();
  if (std::getenv(kPassphraseEnv) != nullptr) t.passphrase_env = kPassphraseEnv;
  t.known_hosts = host.ssh.known_hosts.string();
  t.unknown_host_key = host.ssh.host_key_policy == HostKeyPolicy::accept_new
                           ? UnknownHostKey::accept_new
                           : UnknownHostKey::refuse;
  t.connect_timeout = host.ssh.connect_timeout;
  t.command_timeout = host.ssh.command_timeout;
  if (host.ssh.jump) {
    // The bastion is reached with the host's key, known_hosts and timeouts.
    auto jump = std::make_shared<SshTarget>(t);
    jump->name = "jump host " + host.ssh.jump->address + " of " + host.name;
    jump->address = host.ssh.jump->address;
    jump->port = static_cast<uint16_t>(host.ssh.jump->port);
    jump->user = host.ssh.jump->user;
    t.jump = std::move(jump);
  }
  return t;
}

PingTarget ping_target_for(const Host& host) {
  return {ssh_target_for(host), host.install_root};
}

}  // namespace zkd
