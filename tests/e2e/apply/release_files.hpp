// Helpers for tests that upgrade an ApplyCluster from one Apache ZooKeeper release to another:
// the artifact directory its inventory names, a second release made from it, the release a
// host's `current` points to, and the begin lines of a run's journal as "step host" words.
#pragma once

#include <string>
#include <vector>

#include "tests/e2e/apply/apply_cluster.hpp"

namespace zkd::testing {

// The artifact directory (jars) of the cluster's inventory.
std::string artifact_dir(const ApplyCluster& cluster);

// The release id (content hash prefix) of the artifact directory as it is now.
std::string release_of(const std::string& artifact_dir);

// Turns the artifact into another release: the same jars plus a marker file RELEASE holding
// `name`, so its content hash (and release id) differs; returns the new id.
std::string make_release(const std::string& artifact_dir, const std::string& name);

// The release id host i's `current` link points to; empty when there is none.
std::string current_release(const ApplyCluster& cluster, size_t i);

// "stop h1", "switch h1", ... for every host step that began in run `run`, in order.
std::vector<std::string> host_steps(const ApplyCluster& cluster, int run);

// "host:2181" of every host, comma-separated (a ZooKeeper connect string).
std::string connect_string(const ApplyCluster& cluster);

}  // namespace zkd::testing
