// SshTarget: everything needed to reach one host over SSH. The transport's own description of
// a host, independent of the inventory model (the CLI converts inventory hosts into targets).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace zkd {

// What to do with a host key that known_hosts does not list (the inventory's
// host_key_policy). A key that differs from the listed one is refused under every policy.
enum class UnknownHostKey {
  refuse,      // strict
  accept_new,  // accept-new: record the key in known_hosts, then trust it
};

struct SshTarget {
  std::string name;     // the host's name, used in messages; the address when empty
  std::string address;  // IP address or DNS name
  uint16_t port = 22;
  std::string user = "root";
  std::string identity_file;   // private key; empty: use ssh-agent
  std::string passphrase_env;  // environment variable holding the key's passphrase, if any
  std::string known_hosts;     // known_hosts file to check host keys against
  UnknownHostKey unknown_host_key = UnknownHostKey::refuse;
  std::shared_ptr<const SshTarget> jump;  // bastion to tunnel through, if any
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds command_timeout{300'000};
  std::chrono::milliseconds keepalive_interval{15'000};

  // "name (user@address:port)" for messages.
  std::string label() const;
};

}  // namespace zkd
