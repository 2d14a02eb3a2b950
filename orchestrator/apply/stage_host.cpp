#include "orchestrator/apply/stage_host.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "orchestrator/transport/remote_files.hpp"
#include "orchestrator/util/sha256.hpp"
#include "orchestrator/util/ustar.hpp"

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

void run_checked(Transport& t, std::vector<std::string> argv, std::string_view input = {}) {
  ExecRequest request;
  request.argv = std::move(argv);
  request.stdin_data = input;
  exec_checked(t, request);
}

// One command per release: the bytes arrive on stdin into releases/.<id>.partial (removed
// first), are checked on the host, synced, and only then renamed to releases/<id>.
//   dir      a ustar archive of the artifact directory; the host recomputes the manifest
//            digest that names the release (sorted "<sha256>  <name>" lines): a missing,
//            extra or altered file fails here, before the rename;
//   file     the zkserver binary; its sha256 must be the one sent;
//   tarball  a release tarball; its sha256 must be the one sent, then it is unpacked.
constexpr const char* kReceiveRelease = R"sh(set -u
partial=$1 final=$2 want=$3 kind=$4
h() { if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; }
export LC_ALL=C
rm -rf -- "$partial" && mkdir -p -- "$partial" && cd -- "$partial" || exit 70
case $kind in
  dir) tar -xf - --no-same-owner || exit 71
       got=$(for f in *; do [ -f "$f" ] || continue; s=$(h < "$f"); printf '%s  %s\n' "${s%% *}" "$f"; done | h) ;;
  file) cat > zkserver && chmod 0755 zkserver || exit 71; got=$(h < zkserver) ;;
  tarball) cat > .release.tar.gz || exit 71; got=$(h < .release.tar.gz) ;;
  *) exit 70 ;;
esac
[ "${got%% *}" = "$want" ] || { echo "release digest mismatch: sent $want, host has ${got%% *}" >&2; exit 72; }
if [ "$kind" = tarball ]; then
  tar -xzf .release.tar.gz --strip-components=1 --no-same-owner && rm -f .release.tar.gz || exit 71
fi
sync -- * . 2>/dev/null || sync
cd / && mv -T -- "$partial" "$final" || exit 74)sh";

void upload_release(Transport& t, const Host& host, const ReleaseChange& release) {
  const std::string partial = host.releases_dir() + "/." + release.to + ".partial";
  const fs::path local = release.local_path;
  std::string bytes, kind, want;
  if (fs::is_directory(local)) {
    UstarWriter archive;
    for (const std::string& name : artifact_files(local)) {
      archive.add(name, 0644, slurp(local / name));
    }
    bytes = archive.finish();
    kind = "dir";
    want = release.sha256;
  } else {
    bytes = slurp(local);
    kind = host.artifact.kind == ArtifactKind::zkserver ? "file" : "tarball";
    want = sha256_hex(bytes);
  }
  run_checked(
      t, {"sh", "-c", kReceiveRelease, "zkdeploy-release", partial, release.remote_dir, want, kind},
      bytes);
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
