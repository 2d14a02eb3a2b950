#include "orchestrator/apply/stage_host.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "orchestrator/state/artifact_digest.hpp"
#include "orchestrator/util/file_mode.hpp"
#include "orchestrator/util/sha256.hpp"
#include "orchestrator/util/ustar.hpp"

namespace zkd {
namespace fs = std::filesystem;
namespace {

// Read straight into a string of the file's size: a stream buffer grown by doubling and then
// copied out would hold up to three times a release binary at once.
std::string slurp(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) throw std::runtime_error("cannot read artifact " + path.string());
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)) ||
      in.peek() != std::char_traits<char>::eof()) {
    throw std::runtime_error("cannot read artifact " + path.string() + ": it changed while read");
  }
  return bytes;
}

// The whole of a host's staging in ONE command (a round trip per command is what staging
// costs besides the bytes). Operands: kind want partial final rsize owner data datalog logs
// ndirs, then ndirs directories, then per changed file: path sha256 mode size. Stdin: the
// release's rsize bytes (none when kind is "none"), then each file's bytes in operand
// order; `head -c` (the release) and dd's count_bytes (each file) read exactly their count
// from the pipe. Few processes: on a busy host each costs more than the bytes.
//   release  streamed into releases/.<id>.partial (removed first), checked on the host,
//            synced, and only then renamed to releases/<id>:
//              dir      a ustar archive of the artifact directory; the host recomputes the
//                       manifest digest that names the release (sorted "<sha256>  <name>"
//                       lines, what sha256sum prints): a missing, extra or altered file
//                       fails here, before the rename;
//              file     the zkserver binary; its sha256 must be the one sent;
//              tarball  a release tarball; its sha256 must be the one sent, then unpacked.
//   owner    when not empty (systemd with a service.user other than ssh.user), the server's
//            account: the directories it writes (data, transaction log, logs) become its
//            own, recursively, when the top one is not yet;
//   files    each written (and synced) beside its final name, checked, given its mode, renamed
//            to <path>.next; a <path>.prev of an earlier run is removed.
// The directories' operands are sliced by eval of positional references only ("${11}"),
// never of their text.
constexpr const char* kStage = R"sh(set -u
kind=$1 want=$2 partial=$3 final=$4 rsize=$5 owner=$6 data=$7 datalog=$8 logs=$9 ndirs=${10}
shift 10
export LC_ALL=C
h() { if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; }
refs= i=1
while [ "$i" -le "$ndirs" ]; do refs="$refs \"\${$i}\""; i=$((i + 1)); done
if [ "$kind" != none ]; then
  if [ -e "$partial" ] || [ -L "$partial" ]; then rm -rf -- "$partial" || exit 70; fi
  refs="$refs \"\$partial\""
fi
eval "mkdir -p -- $refs" || exit 70
shift "$ndirs"
if [ -n "$owner" ]; then
  for d in "$data" "$datalog" "$logs"; do
    [ "$(stat -c %U -- "$d")" = "$owner" ] || chown -R -- "$owner" "$d" || {
      echo "cannot make $d the service user $owner's" >&2; exit 76; }
  done
fi
if [ "$kind" != none ]; then
  case $kind in
    dir) head -c "$rsize" | (cd -- "$partial" && tar -xf - --no-same-owner) || exit 71
         got=$(cd -- "$partial" && sha256sum -- * | sha256sum) ;;
    file) head -c "$rsize" > "$partial/zkserver" && chmod 0755 "$partial/zkserver" || exit 71
          got=$(h < "$partial/zkserver") ;;
    tarball) head -c "$rsize" > "$partial/.release.tar.gz" || exit 71
             got=$(h < "$partial/.release.tar.gz") ;;
    *) exit 70 ;;
  esac
  [ "${got%% *}" = "$want" ] || { echo "release digest mismatch: sent $want, host has ${got%% *}" >&2; exit 72; }
  if [ "$kind" = tarball ]; then
    (cd -- "$partial" && tar -xzf .release.tar.gz --strip-components=1 --no-same-owner && rm -f .release.tar.gz) || exit 71
  fi
  (cd -- "$partial" && sync -- * . 2>/dev/null) || sync
  mv -T -- "$partial" "$final" || exit 74
fi
while [ "$#" -ge 4 ]; do
  f=$1 want=$2 mode=$3 size=$4
  shift 4
  case $f in */*) dir=${f%/*}; dir=${dir:-/} ;; *) dir=. ;; esac
  tmp=$dir/.${f##*/}.next.zkdeploy-$$
  if [ -e "$f.prev" ] || [ -L "$f.prev" ]; then rm -f -- "$f.prev"; fi
  dd of="$tmp" bs=65536 iflag=fullblock,count_bytes count="$size" conv=fsync status=none || { rm -f -- "$tmp"; exit 71; }
  got=$(sha256sum < "$tmp")
  if [ "${got%% *}" != "$want" ]; then
    rm -f -- "$tmp"
    echo "sha256 mismatch writing $f.next: sent $want, host has ${got%% *}" >&2
    exit 72
  fi
  chmod -- "$mode" "$tmp" && mv -f -- "$tmp" "$f.next" || { rm -f -- "$tmp"; exit 73; }
done)sh";

std::string upload_kind(const Host& host, const ReleaseChange& release) {
  if (fs::is_directory(release.local_path)) return "dir";
  return host.artifact.kind == ArtifactKind::zkserver ? "file" : "tarball";
}

ReleaseUpload release_upload(const std::string& kind, const ReleaseChange& release) {
  const fs::path local = release.local_path;
  ReleaseUpload upload;
  upload.kind = kind;
  if (kind == "dir") {
    UstarWriter archive;
    for (const std::string& name : artifact_file_names(local)) {
      archive.add(name, 0644, slurp(local / name));
    }
    upload.bytes = archive.finish();
    upload.want = release.sha256;
  } else {
    upload.bytes = slurp(local);
    upload.want = sha256_hex(upload.bytes);
  }
  return upload;
}

// The account the data directories must belong to; empty when it is the SSH user's own.
std::string server_owner(const Host& host) {
  if (host.service.manager != ServiceManager::systemd || host.service.user.empty() ||
      host.service.user == host.ssh.user) {
    return "";
  }
  return host.service.user;
}

}  // namespace

const ReleaseUpload& ReleaseUploads::of(const Host& host, const ReleaseChange& release) {
  const std::string kind = upload_kind(host, release);
  const std::string key = kind + '\n' + release.sha256 + '\n' + release.local_path;
  const std::lock_guard lock(mutex_);  // the other stagings wait for the one build
  auto& built = built_[key];
  if (!built) built = std::make_unique<const ReleaseUpload>(release_upload(kind, release));
  return *built;
}

std::optional<ObservedHost> stage_host(Transport& t, const Host& host, const HostPlan& plan,
                                       const DesiredHost& desired, ReleaseUploads& uploads,
                                       const GatherSpec* then_gather) {
  std::vector<std::string> dirs = {host.conf_dir(), host.data_dir(), host.data_log_dir(),
                                   host.logs_dir(), host.run_dir(),  host.releases_dir(),
                                   host.state_dir()};
  for (const FileChange& change : plan.files) {
    dirs.push_back(fs::path(change.path).parent_path().string());
  }
  static const ReleaseUpload kNoUpload{"none", "", ""};
  const bool uploading = plan.release && plan.release->upload;
  const ReleaseUpload& upload = uploading ? uploads.of(host, *plan.release) : kNoUpload;
  std::string partial, final_dir;
  if (uploading) {
    partial = host.releases_dir() + "/." + plan.release->to + ".partial";
    final_dir = plan.release->remote_dir;
  }
  ExecRequest request;
  request.stdin_data.push_back(upload.bytes);
  std::vector<std::string> argv = {"sh",
                                   "-c",
                                   kStage,
                                   "zkdeploy-stage",
                                   upload.kind,
                                   upload.want,
                                   partial,
                                   final_dir,
                                   std::to_string(upload.bytes.size()),
                                   server_owner(host),
                                   host.data_dir(),
                                   host.data_log_dir(),
                                   host.logs_dir(),
                                   std::to_string(dirs.size())};
  argv.insert(argv.end(), dirs.begin(), dirs.end());
  for (const FileChange& change : plan.files) {
    const auto file = std::find_if(desired.files.begin(), desired.files.end(),
                                   [&](const ManagedFile& f) { return f.path == change.path; });
    if (file == desired.files.end()) {
      throw std::logic_error(host.name + ": no desired content for " + change.path);
    }
    argv.insert(argv.end(), {file->path, sha256_hex(file->content), octal_mode(file->mode),
                             std::to_string(file->content.size())});
    request.stdin_data.push_back(file->content);
  }
  request.argv = std::move(argv);
  if (then_gather != nullptr) return gather_host_files(t, *then_gather, &request);
  exec_checked(t, request);
  return std::nullopt;
}

}  // namespace zkd
