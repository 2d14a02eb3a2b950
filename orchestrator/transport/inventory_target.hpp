// How an inventory host is reached: the SshTarget for a Host's merged ssh settings. The
// only part of the transport that knows the inventory model; the transport itself takes
// plain SshTargets. An encrypted key's passphrase is read from ZKDEPLOY_SSH_PASSPHRASE
// when that variable is set (never from the inventory, so it is never stored or printed).
#pragma once

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/transport/ping.hpp"
#include "orchestrator/transport/ssh_target.hpp"

namespace zkd {

inline constexpr const char* kPassphraseEnv = "ZKDEPLOY_SSH_PASSPHRASE";

SshTarget ssh_target_for(const Host& host);
PingTarget ping_target_for(const Host& host);

}  // namespace zkd
