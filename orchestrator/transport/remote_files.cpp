#include "orchestrator/transport/remote_files.hpp"

#include <charconv>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "orchestrator/util/sha256.hpp"

namespace zkd {
namespace {

// Exit status the scripts below use for "no such file".
constexpr int kMissing = 66;

// sha256 of stdin, first field of the output line. openssl uses the CPU's SHA extensions
// and is several times faster than coreutils' sha256sum, which remains the fallback.
#define ZKD_SHA256_FN                                                                    \
  "zkd_sha256() { if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; " \
  "else sha256sum; fi; }\n"

std::string octal(uint32_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

ExecResult run_script(Transport& t, const char* script, std::vector<std::string> operands,
                      std::string_view input = {}, std::function<void(uint64_t)> progress = {}) {
  ExecRequest request;
  request.argv = {"sh", "-c", script, "zkdeploy"};
  request.argv.insert(request.argv.end(), operands.begin(), operands.end());
  request.stdin_data = input;
  request.on_stdin_progress = std::move(progress);
  return t.exec(request);
}

[[noreturn]] void fail(Transport& t, const std::string& what, const ExecResult& r) {
  std::string err = r.err;
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
  throw TransportError(t.host_label() + ": " + what + " failed (exit " +
                       std::to_string(r.exit_status) + ")" + (err.empty() ? "" : ": " + err));
}

// Six random letters and digits: the temporary file's name, unguessable and unlikely to meet
// one an interrupted write left behind.
std::string random_suffix() {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937 gen{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof kChars - 2);
  std::string s(6, ' ');
  for (char& c : s) c = kChars[pick(gen)];
  return s;
}

}  // namespace

void write_file_atomic(Transport& t, const std::string& path, std::string_view content,
                       const WriteOptions& options) {
  // The temporary file lives next to the final one (rename is atomic only within a
  // filesystem) and is removed on any failure the shell survives.
  // Builtins where they do (dirname, basename; mktemp's exclusive create is noclobber's,
  // with a random name from here): a write starts a few processes less.
  // sha256sum: it starts in a fraction of openssl's time, and what zkdeploy writes this way
  // is small (state.json); releases travel through staging.
  static const char* script = R"(set -u
final=$1 want=$2 mode=$3
case $final in */*) dir=${final%/*}; dir=${dir:-/} ;; *) dir=. ;; esac
tmp=$dir/.${final##*/}.zkdeploy-$4
set -C
: > "$tmp" || exit 70
set +C
trap 'rm -f -- "$tmp"' EXIT HUP INT TERM PIPE
cat > "$tmp" || exit 71
sync -- "$tmp" || exit 71
got=$(sha256sum < "$tmp") || exit 72
got=${got%% *}
if [ "$got" != "$want" ]; then
  echo "sha256 mismatch: sent $want, host has $got" >&2
  exit 72
fi
chmod -- "$mode" "$tmp" || exit 73
mv -f -- "$tmp" "$final" || exit 74
trap - EXIT HUP INT TERM PIPE
sync -- "$dir" 2>/dev/null || true
)";
  auto r = run_script(t, script, {path, sha256_hex(content), octal(options.mode), random_suffix()},
                      content, options.on_progress);
  if (!r.ok()) fail(t, "writing " + path, r);
}

std::string read_file(Transport& t, const std::string& path) {
  ExecRequest request;
  request.argv = {"cat", "--", path};
  auto r = t.exec(request);
  if (!r.ok()) fail(t, "reading " + path, r);
  return std::move(r.out);
}

std::optional<std::string> remote_sha256(Transport& t, const std::string& path) {
  static const char* script = ZKD_SHA256_FN R"([ -f "$1" ] || exit 66
h=$(zkd_sha256 < "$1") || exit 1
printf '%s\n' "${h%% *}")";
  auto r = run_script(t, script, {path});
  if (r.exit_status == kMissing) return std::nullopt;
  if (!r.ok() || r.out.size() < 64) fail(t, "hashing " + path, r);
  return r.out.substr(0, 64);
}

RemoteStat remote_stat(Transport& t, const std::string& path) {
  static const char* script = R"([ -e "$1" ] || [ -L "$1" ] || exit 66
stat --printf '%s %a %F\n' -- "$1" || exit 1
if [ -L "$1" ]; then readlink -- "$1"; fi)";
  auto r = run_script(t, script, {path});
  RemoteStat st;
  if (r.exit_status == kMissing) return st;
  if (!r.ok()) fail(t, "stat " + path, r);
  const auto nl = r.out.find('\n');
  const std::string first = r.out.substr(0, nl);
  const auto sp1 = first.find(' ');
  const auto sp2 = first.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) fail(t, "stat " + path, r);
  std::from_chars(first.data(), first.data() + sp1, st.size);
  std::from_chars(first.data() + sp1 + 1, first.data() + sp2, st.mode, 8);
  const std::string type = first.substr(sp2 + 1);
  if (type == "directory") {
    st.kind = RemoteStat::Kind::directory;
  } else if (type == "symbolic link") {
    st.kind = RemoteStat::Kind::symlink;
    st.link_target = r.out.substr(nl + 1);
    if (!st.link_target.empty() && st.link_target.back() == '\n') st.link_target.pop_back();
  } else if (type.find("regular") != std::string::npos) {
    st.kind = RemoteStat::Kind::file;
  } else {
    st.kind = RemoteStat::Kind::other;
  }
  return st;
}

void make_dirs(Transport& t, const std::string& path, uint32_t mode) {
  ExecRequest request;
  request.argv = {"mkdir", "-p", "-m", octal(mode), "--", path};
  auto r = t.exec(request);
  if (!r.ok()) fail(t, "creating directory " + path, r);
}

}  // namespace zkd
