// The plan as JSON (`zkdeploy plan --output json`). Stable schema, versioned by
// "format_version" (kPlanFormatVersion); fields are only ever added within a version.
// Absent values are null. Modes are octal strings ("0644"); zxids are hex strings
// ("0x100000010") since JSON readers lose 64-bit integers.
//
// { "format_version": 1, "has_changes": bool,
//   "summary": {"add": n, "change": n, "restart": n},
//   "verdict": {"safe": bool, "reasons": [string]},
//   "clusters": [{
//     "name", "voters": [host], "quorum": n, "leader": host|null, "sync_problem": string|null,
//     "rollout": {"health_timeout_seconds": n, "max_zxid_lag": n},
//     "first_install": bool, "start_together": bool, "order": [{"host", "action":
//     "start"|"restart"}], "membership": {"added": [member], "removed": [member]},
//        member = {"myid", "address", "role": "participant"|"observer", "host": string|null}
//     "verdict": {"safe", "reasons"},
//     "hosts": [{
//       "name", "address", "myid", "role", "new_host": bool,
//       "action": "none"|"start"|"restart", "action_reason": string,
//       "release": null | {"kind", "version", "from": id|null, "to": id, "upload": bool,
//                          "local_path", "sha256", "size", "remote_dir"},
//       "files": [{"path", "role": "zoo.cfg"|"myid"|"service unit"|"other",
//                  "action": "create"|"update"|"chmod", "mode_before": mode|null,
//                  "mode_after": mode, "before": text|null, "after": text, "diff": text,
//                  "masked_only": bool, "before_unknown": bool, "needs_restart": bool}],
//                  before/after/diff are the masked forms
//       "observed": {"reachable", "error": string|null, "pid": n|null,
//                    "current_release": id|null, "mode": string, "zxid": hex|null,
//                    "connections": n|null, "outstanding": n|null, "version": string|null},
//       "health": {"healthy": bool, "reason": string|null, "leader": bool, "zxid_lag": n|null}
//     }]
//   }] }
#pragma once

#include <nlohmann/json.hpp>

#include "orchestrator/plan/plan.hpp"

namespace zkd {

nlohmann::json plan_to_json(const Plan& plan);

}  // namespace zkd
