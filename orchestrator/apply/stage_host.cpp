#include "orchestrator/apply/stage_host.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "orchestrator/transport/remote_files.hpp"

namespace zkd {
namespace fs = std::filesystem;
namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read artifact " + path.string());
  return bytes.str();
}

// The regular files directly inside `dir` (symlinks followed), sorted by name: exactly what
// the release digest covers (state/artifact_digest.hpp).
std::vector<std::string> artifact_files(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void run_checked(Transport& t, std::vector<std::string> argv) {
  ExecRequest request;
  request.argv = std::move(argv);
  exec_checked(t, request);
}

void upload_release(Transport& t, const Host& host, const ReleaseChange& release) {
  const std::string partial = host.releases_dir() + "/." + release.to + ".partial";
  run_checked(t, {"rm", "-rf", "--", partial});
  make_dirs(t, partial);
  const fs::path local = release.local_path;
  if (fs::is_directory(local)) {
    for (const std::string& name : artifact_files(local)) {
      write_file_atomic(t, partial + "/" + name, slurp(local / name), {0644, {}});
    }
    // The host recomputes the manifest digest (sorted "<sha256>  <name>" lines) that names
    // the release: a missing, extra or altered file fails here, before the rename.
    static const char* verify = R"sh(set -u
cd -- "$1" || exit 70
h() { if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; }
export LC_ALL=C
got=$(for f in *; do [ -f "$f" ] || continue; s=$(h < "$f"); printf '%s  %s\n' "${s%% *}" "$f"; done | h)
[ "${got%% *}" = "$2" ] || { echo "release digest mismatch: host has ${got%% *}" >&2; exit 72; })sh";
    run_checked(t, {"sh", "-c", verify, "zkdeploy-verify", partial, release.sha256});
  } else if (host.artifact.kind == ArtifactKind::zkserver) {
    write_file_atomic(t, partial + "/zkserver", slurp(local), {0755, {}});
  } else {
    const std::string tarball = partial + "/.release.tar.gz";
    write_file_atomic(t, tarball, slurp(local), {0644, {}});
    run_checked(t,
                {"sh", "-c",
                 "tar -xzf \"$1\" -C \"$2\" --strip-components=1 --no-same-owner && rm -f \"$1\"",
                 "zkdeploy-unpack", tarball, partial});
  }
  run_checked(t, {"mv", "-T", "--", partial, release.remote_dir});
}

}  // namespace

std::string next_path(const std::string& path) {
  return path + ".next";
}

std::string prev_path(const std::string& path) {
  return path + ".prev";
}

void stage_host(Transport& t, const Host& host, const HostPlan& plan, const DesiredHost& desired) {
  std::vector<std::string> dirs = {host.conf_dir(), host.data_dir(), host.data_log_dir(),
                                   host.logs_dir(), host.run_dir(),  host.releases_dir(),
                                   host.state_dir()};
  for (const FileChange& change : plan.files) {
    dirs.push_back(fs::path(change.path).parent_path().string());
  }
  std::vector<std::string> argv = {"mkdir", "-p", "--"};
  argv.insert(argv.end(), dirs.begin(), dirs.end());
  run_checked(t, argv);
  if (plan.release && plan.release->upload) upload_release(t, host, *plan.release);
  // A `.prev` left by an earlier run must not be mistaken for this run's by a rollback.
  std::vector<std::string> stale = {"rm", "-f", "--"};
  for (const FileChange& change : plan.files) stale.push_back(prev_path(change.path));
  if (!plan.files.empty()) run_checked(t, stale);
  for (const FileChange& change : plan.files) {
    const auto file = std::find_if(desired.files.begin(), desired.files.end(),
                                   [&](const ManagedFile& f) { return f.path == change.path; });
    if (file == desired.files.end()) {
      throw std::logic_error(host.name + ": no desired content for " + change.path);
    }
    write_file_atomic(t, next_path(file->path), file->content, {file->mode, {}});
  }
}

}  // namespace zkd
