// Per-host half of the planner: compares one host's desired files and release with what was
// gathered, and decides the server action with its reason.
//   files:   missing → create; other content → update (diff of the masked forms); same
//            content, other mode → chmod. Content is compared byte for byte when gathered,
//            by SHA-256 otherwise, so a change hidden by masking is still detected.
//   release: `current` already the desired release → nothing; else switch, uploading first
//            unless releases/<id> is already there.
//   action:  not running → start; running and (release, zoo.cfg, myid or service unit content
//            changes) → restart; otherwise none. An unreachable host gets no changes (nothing is
//            known).
#pragma once

#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/plan_input.hpp"

namespace zkd {

// `observed` is null when the gather step returned nothing for this host (unreachable).
HostPlan plan_host(const DesiredHost& desired, const ObservedHost* observed);

// Whether the host has nothing installed: no `current` release and no running server.
bool nothing_installed(const ObservedHost& observed);

}  // namespace zkd
