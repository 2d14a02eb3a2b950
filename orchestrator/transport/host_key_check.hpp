// Host key verification against an OpenSSH known_hosts file (plain or hashed entries).
// A key that differs from the recorded one is always refused, naming the host and both
// fingerprints. An unknown host is refused under the strict policy; under accept-new its key
// is appended to known_hosts and trusted.
#pragma once

#include <libssh2.h>

#include <string>

#include "orchestrator/transport/ssh_target.hpp"

namespace zkd {

// Throws TransportError unless the session's host key is acceptable for target.
void verify_host_key(LIBSSH2_SESSION* session, const SshTarget& target);

// "SHA256:<base64, no padding>" of a raw public key blob, as ssh-keygen -l prints it.
std::string sha256_fingerprint(const std::string& key_blob);

}  // namespace zkd
