#include "orchestrator/transport/remote_files.hpp"

#include <random>
#include <stdexcept>

#include "orchestrator/util/file_mode.hpp"
#include "orchestrator/util/sha256.hpp"

namespace zkd {
namespace {

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

// The symbolic umask under which `: > file` creates a file with exactly `mode` (e.g.
// "u=rw,g=r,o=" for 0640); empty when creation cannot give it (execute or special bits).
std::string creation_umask(unsigned mode) {
  if ((mode & ~0666u) != 0) return "";
  std::string text;
  for (int c = 0; c < 3; ++c) {
    const unsigned bits = mode >> (6 - 3 * c);
    text += std::string(c == 0 ? "" : ",") + "ugo"[c] + "=";
    if (bits & 04) text += 'r';
    if (bits & 02) text += 'w';
  }
  return text;
}

ExecRequest write_file_request(const std::string& path, std::string_view content,
                               const WriteOptions& options) {
  // The temporary file lives next to the final one (rename is atomic only within a
  // filesystem) and is removed on any failure the shell survives.
  // Builtins where they do (dirname, basename; mktemp's exclusive create is noclobber's,
  // with a random name from here) and dd's conv=fsync for cat and sync: a write starts a
  // few processes less.
  // sha256sum: it starts in a fraction of openssl's time, and what zkdeploy writes this way
  // is small (state.json); releases travel through staging.
  // A mode the file can be created with (no execute or special bits) is given as a
  // symbolic umask ($5) instead: a chmod process less.
  static const char* script = R"(set -u
final=$1 want=$2 mode=$3
case $final in */*) dir=${final%/*}; dir=${dir:-/} ;; *) dir=. ;; esac
tmp=$dir/.${final##*/}.zkdeploy-$4
if [ -n "$5" ]; then umask "$5" || exit 73; fi
set -C
: > "$tmp" || exit 70
set +C
trap 'rm -f -- "$tmp"' EXIT HUP INT TERM PIPE
dd of="$tmp" bs=65536 conv=fsync status=none || exit 71
got=$(sha256sum < "$tmp") || exit 72
got=${got%% *}
if [ "$got" != "$want" ]; then
  echo "sha256 mismatch: sent $want, host has $got" >&2
  exit 72
fi
if [ -z "$5" ]; then chmod -- "$mode" "$tmp" || exit 73; fi
mv -f -- "$tmp" "$final" || exit 74
trap - EXIT HUP INT TERM PIPE
sync -- "$dir" 2>/dev/null || true
)";
  ExecRequest request;
  request.argv = {"sh",
                  "-c",
                  script,
                  "zkdeploy-write",
                  path,
                  sha256_hex(content),
                  octal_mode(options.mode),
                  random_suffix(),
                  creation_umask(options.mode)};
  request.stdin_data = {content};
  request.on_stdin_progress = options.on_progress;
  return request;
}

}  // namespace

void write_file_atomic(Transport& t, const std::string& path, std::string_view content,
                       const WriteOptions& options) {
  const ExecResult r = t.exec(write_file_request(path, content, options));
  if (!r.ok()) fail(t, "writing " + path, r);
}

}  // namespace zkd
