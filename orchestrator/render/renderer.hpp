// Rendering: turns a checked Inventory into the files each host must hold (zoo.cfg and myid,
// plus the systemd unit under `service.manager: systemd`, see service_unit.hpp), from the
// cluster's templates or the built-in ones. Pure: no I/O, and deterministic (settings
// in key order, server.N lines by myid), so that a diff of two renders shows only real
// changes. Templates are mustache without HTML escaping.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "orchestrator/inventory/inventory.hpp"

namespace zkd {

struct RenderedFile {
  std::string path;      // absolute path on the host
  std::string content;   // exact bytes to write, secrets included
  std::string display;   // content with secret values redacted: the only form ever printed
  unsigned mode = 0644;  // 0600 when the content holds a secret
};

struct RenderedHost {
  const Host* host = nullptr;       // points into the rendered Inventory: keep it alive
  std::vector<RenderedFile> files;  // zoo.cfg, myid, then the systemd unit if any
  std::set<std::string> secret_keys;
  std::string release;  // the desired release id, once the artifact is digested (else empty)
};

struct RenderResult {
  std::vector<RenderedHost> hosts;      // in inventory order
  std::vector<Diagnostic> diagnostics;  // template errors
  bool ok() const { return !has_errors(diagnostics); }
};

// Renders every host of `inventory` (which must have loaded without errors).
RenderResult render_inventory(const Inventory& inventory);

// Renders one host of `cluster`; template errors are appended to `diagnostics`.
RenderedHost render_host(const Inventory& inventory, const Cluster& cluster, const Host& host,
                         std::vector<Diagnostic>& diagnostics);

}  // namespace zkd
