#include "orchestrator/plan/host_changes.hpp"

#include <algorithm>

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/plan/unified_diff.hpp"

namespace zkd {

namespace {

bool same_content(const ManagedFile& want, const ObservedFile& have) {
  if (have.content) return *have.content == want.content;
  return !have.sha256.empty() && have.sha256 == sha256_hex(want.content);
}

std::optional<FileChange> plan_file(const ManagedFile& want, const ObservedFile& have) {
  FileChange change;
  change.path = want.path;
  change.role = want.role;
  change.mode_after = want.mode;
  change.after_display = want.display;
  if (!have.exists) {
    change.action = FileAction::create;
    change.diff = unified_diff("/dev/null", "", want.path, want.display);
  } else {
    change.mode_before = have.mode;
    change.before_display = have.display;
    if (same_content(want, have)) {
      if (have.mode == want.mode) return std::nullopt;
      change.action = FileAction::chmod;
      return change;
    }
    change.action = FileAction::update;
    change.before_unknown = !have.display;
    if (have.display) {
      change.diff = unified_diff(want.path, *have.display, want.path, want.display);
      change.masked_only = change.diff.empty();
    }
  }
  change.needs_restart = want.role != FileRole::other;
  return change;
}

std::optional<ReleaseChange> plan_release(const DesiredHost& desired,
                                          const ObservedHost& observed) {
  const std::string id = release_id(desired.release.sha256);
  if (observed.current_release == id) return std::nullopt;
  ReleaseChange change;
  change.kind = desired.release.kind;
  change.version = desired.release.version;
  change.from = observed.current_release;
  change.to = id;
  change.upload =
      std::find(observed.releases.begin(), observed.releases.end(), id) == observed.releases.end();
  change.local_path = desired.release.local_path;
  change.sha256 = desired.release.sha256;
  change.size = desired.release.size;
  change.remote_dir = release_dir(desired.install_root, desired.cluster, id);
  return change;
}

HostObservation observation_of(const ObservedHost& observed) {
  HostObservation seen;
  seen.reachable = observed.reachable;
  seen.error = observed.error;
  seen.pid = observed.server_pid;
  seen.current_release = observed.current_release;
  seen.mode = observed.status.mode;
  seen.mode_text = observed.status.mode_text;
  seen.zxid = observed.status.zxid;
  seen.connections = observed.status.connections;
  seen.outstanding = observed.status.outstanding;
  seen.version = observed.status.version;
  return seen;
}

// Why a running server must restart; empty when it need not.
std::string restart_reason(const HostPlan& host) {
  std::string reason;
  auto add = [&](const std::string& part) { reason += (reason.empty() ? "" : "; ") + part; };
  if (host.release) {
    add("release " + (host.release->from.empty() ? std::string("(none)") : host.release->from) +
        " -> " + host.release->to);
  }
  for (const FileChange& file : host.files) {
    if (file.needs_restart) add(std::string(file_role_name(file.role)) + " changed");
  }
  return reason;
}

}  // namespace

bool nothing_installed(const ObservedHost& observed) {
  return observed.current_release.empty() && !observed.server_pid;
}

HostPlan plan_host(const DesiredHost& desired, const ObservedHost* observed) {
  HostPlan host;
  host.cluster = desired.cluster;
  host.name = desired.name;
  host.address = desired.address;
  host.myid = desired.myid;
  host.role = desired.role;
  host.new_host = desired.new_host;
  if (!observed || !observed->reachable) {
    host.observed.error = observed ? observed->error : "not gathered";
    host.action_reason = "unknown: the host is unreachable";
    return host;
  }
  host.observed = observation_of(*observed);
  host.fresh = nothing_installed(*observed);
  host.release = plan_release(desired, *observed);
  for (const ManagedFile& file : desired.files) {
    auto found = observed->files.find(file.path);
    const ObservedFile have = found == observed->files.end() ? ObservedFile{} : found->second;
    if (auto change = plan_file(file, have)) host.files.push_back(std::move(*change));
  }
  if (!observed->server_pid) {
    host.action = ServerAction::start;
    host.action_reason = host.fresh ? "first install" : "the server is not running";
  } else if (std::string reason = restart_reason(host); !reason.empty()) {
    host.action = ServerAction::restart;
    host.action_reason = std::move(reason);
  }
  return host;
}

}  // namespace zkd
