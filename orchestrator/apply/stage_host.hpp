// Staging: everything a host needs before its server is touched, with no service impact,
// in ONE command per host:
//   - the layout directories (conf, data dirs, logs, run, releases, .zkdeploy); under
//     systemd with a service.user other than ssh.user, the directories the server writes (data,
//     transaction log, logs) are made that user's; everything else it only reads;
//   - the release, when the plan says it must be uploaded (never when releases/<id> is
//     already there): streamed into releases/.<id>.partial (removed first if an interrupted
//     run left it) -- a directory artifact as one ustar archive, a file as itself -- and
//     checked on the host: a directory as a whole (the host recomputes the manifest digest
//     that names the release), a file by its sha256 (a release tarball is then unpacked);
//     synced, and only then renamed to releases/<id>. A release directory is never modified
//     after that rename;
//   - every changed managed file as `<path>.next` beside the live one (its mode, checked by
//     sha256, synced, renamed into place); a `<path>.prev` left by an earlier run is
//     removed, so that only this run's activation creates the version a rollback restores.
// Activation (node_switch.hpp) later moves `.next` over the live file.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "orchestrator/gather/host_gather.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/plan/plan.hpp"
#include "orchestrator/plan/plan_input.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

// The bytes a release is uploaded as, and what the host checks them against.
struct ReleaseUpload {
  std::string kind;  // "dir" (a ustar archive of the artifact directory), "file" (the
                     // zkserver binary) or "tarball" (a release tarball)
  std::string want;  // dir: the manifest digest; file, tarball: the sha256 of the bytes
  std::string bytes;
};

// The releases a run uploads, each built on first use and then shared by every host's
// staging (they run in parallel): one copy in memory however many hosts receive it.
class ReleaseUploads {
 public:
  // Throws std::runtime_error when the local artifact cannot be read.
  const ReleaseUpload& of(const Host& host, const ReleaseChange& release);

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<const ReleaseUpload>> built_;
};

// `desired` supplies the bytes of the files `plan` lists as changed; `uploads` the release
// when the plan uploads one. Throws TransportError (naming host and path) or
// std::runtime_error (a local artifact cannot be read). With `then_gather`, the same command
// gathers the host's files once staging succeeded, and they are returned: the host activated
// first needs them fresh, and a command of its own would cost a round trip before its step.
std::optional<ObservedHost> stage_host(Transport& t, const Host& host, const HostPlan& plan,
                                       const DesiredHost& desired, ReleaseUploads& uploads,
                                       const GatherSpec* then_gather = nullptr);

}  // namespace zkd
