// The cluster lock: one file per host, <cluster_root>/.zkdeploy/lock, holding the holder's
// line "user@machine pid time run-id" (RunIdentity::holder). Two applies on one cluster are
// refused because the file is created with O_EXCL (sh noclobber): exactly one creator wins,
// the other reads who holds it. The lock is taken on every host of the cluster before
// anything is staged and removed at the end of the run (only by the run that holds it).
//
// Staleness: a lock whose holder ran on this machine and whose process is gone is stale
// (a killed run); a lock from another machine cannot be checked, only dated. Neither is
// removed automatically: the refusal says how to remove it, and why it looks stale.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "orchestrator/apply/run_identity.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

struct LockHolder {
  std::string user, machine, time, run_id;
  long pid = 0;
};

// nullopt when `line` is not a holder line.
std::optional<LockHolder> parse_lock_holder(const std::string& line);

// The refusal text for a lock `line` found on `host` at `path`: who holds it, whether it is
// stale and the command that removes it. `process_alive(pid)` tells whether a process of
// this machine exists.
std::string lock_refusal(const std::string& line, const std::string& host, const std::string& path,
                         const RunIdentity& me, const std::function<bool(long)>& process_alive);

// The lock file of a cluster root.
std::string lock_path(const std::string& cluster_root);

// Creates the lock atomically; returns nullopt when taken, else the line of whoever holds it.
// Throws TransportError when the host cannot be asked.
std::optional<std::string> acquire_lock(Transport& t, const std::string& cluster_root,
                                        const std::string& holder);

// Removes the lock if it still holds `holder` (never someone else's).
void release_lock(Transport& t, const std::string& cluster_root, const std::string& holder);

}  // namespace zkd
