// The desired state of every host, as the planner takes it (DesiredHost): the inventory's
// hosts in inventory order, each with its rendered files (zoo.cfg, myid, the systemd unit:
// exact bytes, the redacted display form, mode, role) and the release to run (kind, local
// artifact, SHA-256, size, version). Each distinct artifact is digested once. Shared by `plan`,
// `status` and `apply`, so that all of them want the same thing.
//
// new_host stays false: which hosts an earlier apply installed is not recorded yet, and the
// planner then reads membership changes from the gathered zoo.cfg files.
#pragma once

#include <filesystem>
#include <vector>

#include "orchestrator/plan/plan_input.hpp"
#include "orchestrator/render/renderer.hpp"
#include "orchestrator/state/digest_cache.hpp"

namespace zkd {

// `rendered` must come from render_inventory() without errors, and its inventory must still
// be alive. Throws std::runtime_error naming the host and artifact when an artifact cannot
// be read.
// File digests are cached in `digest_cache` (digest_cache.hpp; empty: no cache).
std::vector<DesiredHost> build_desired_state(
    const RenderResult& rendered,
    const std::filesystem::path& digest_cache = DigestCache::default_path());

}  // namespace zkd
