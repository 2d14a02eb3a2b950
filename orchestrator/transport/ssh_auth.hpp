// User authentication of an SSH session: a private key file (ed25519, ecdsa; passphrase
// from a named environment variable) or, without a key file, the keys of ssh-agent.
// Refusals explain themselves; an RSA key refused by the server is explained by the
// rsa-sha2 limitation of libssh2 1.10 (it signs only with SHA-1 "ssh-rsa", which OpenSSH
// 8.8+ refuses by default).
#pragma once

#include <libssh2.h>

#include <functional>
#include <string>

#include "orchestrator/transport/ssh_target.hpp"

namespace zkd {

// Calls an operation until it stops returning LIBSSH2_ERROR_EAGAIN, waiting in between.
using SshRetry = std::function<int(const std::function<int()>&)>;

// Throws TransportError when no method succeeds.
void authenticate(LIBSSH2_SESSION* session, const SshTarget& target, const SshRetry& retry);

// The key type of a private key file ("ssh-rsa", "ssh-ed25519", ...), "" if unknown.
std::string private_key_type(const std::string& path);

}  // namespace zkd
