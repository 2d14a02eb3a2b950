// <cluster_root>/.zkdeploy/state.json: what the last successful apply installed on a host,
// written atomically once the host is activated and healthy:
//   { "format_version": 1, "applied_at": ISO-8601 UTC, "run": run id, "by": "user@machine",
//     "inventory": path as given, "inventory_sha256": hex of the inventory file's bytes,
//     "cluster", "host", "myid", "release": id, "artifact": {"kind", "sha256", "version"},
//     "files": { path: sha256 } }
// It is a record for people and later tooling; the planner never trusts it over what it
// observes on the host.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "orchestrator/apply/run_identity.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/plan/plan_input.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

struct InventoryRecord {
  std::string path;
  std::string sha256;
};

nlohmann::json host_state_json(const DesiredHost& desired, const RunIdentity& run,
                               const InventoryRecord& inventory);

// Writes state.json (atomically, mode 0644); throws TransportError naming host and path.
void record_host_state(Transport& t, const Host& host, const nlohmann::json& state);

}  // namespace zkd
