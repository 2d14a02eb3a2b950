// Checks that need the whole merged inventory: unique host names and myids, port clashes
// between servers on one address, quorum sizes, and local files the inventory names.
// Internal to the loader.
#pragma once

#include <vector>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/inventory/settings_layer.hpp"

namespace zkd {

// Where one host's identifying keys are written, for messages about them.
struct HostSource {
  std::string path;  // clusters.<name>.hosts[<i>]
  SourceLocation entry, name, address, myid;
  std::optional<Origin> artifact_path;
};

struct ClusterSource {
  std::string path;  // clusters.<name>
  SourceLocation hosts;
  std::vector<HostSource> hosts_sources;  // parallel to Cluster::hosts
};

void check_inventory(const Inventory& inventory, const std::vector<ClusterSource>& sources,
                     std::vector<Diagnostic>& out);

}  // namespace zkd
