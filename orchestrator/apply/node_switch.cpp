#include "orchestrator/apply/node_switch.hpp"

namespace zkd {
namespace {

// Operands: op (activate | roll-back), the `current` link, the release it must point to
// (empty: leave it), then the changed files. The link is replaced by renaming a new one over
// it, so readers see the old or the new target, never none. An activation checks that every
// file is staged before it changes anything. A rollback may follow a step that failed
// before its activation or during it (a stop that failed, a dropped connection): a file
// with a `.prev` was switched and goes back; one whose `.next` is still staged was never
// switched and stays; one with neither was created by the activation and is removed.
constexpr const char* kSwitch = R"sh(set -u
op=$1 link=$2 target=$3
shift 3
if [ "$op" = activate ]; then
  for f in "$@"; do
    [ -f "$f.next" ] || { echo "$f.next is not staged" >&2; exit 77; }
  done
fi
if [ -n "$target" ]; then
  tmp=${link%/*}/.${link##*/}.zkdeploy-link-$$
  rm -f -- "$tmp"
  ln -s -- "$target" "$tmp" && mv -T -f -- "$tmp" "$link" || {
    rm -f -- "$tmp"; echo "cannot point $link at $target" >&2; exit 70; }
fi
for f in "$@"; do
  if [ "$op" = activate ]; then
    if [ -e "$f" ]; then ln -f -- "$f" "$f.prev" || exit 71; else rm -f -- "$f.prev"; fi
    mv -f -- "$f.next" "$f" || exit 71
  elif [ -e "$f.prev" ]; then
    mv -f -- "$f.prev" "$f" || exit 71
  elif [ ! -e "$f.next" ]; then
    rm -f -- "$f"
  fi
done)sh";

void run_switch(Transport& t, const char* op, const Host& host, const std::string& release,
                const HostPlan& plan) {
  if (release.empty() && plan.files.empty()) return;
  ExecRequest request;
  request.argv = {"sh",
                  "-c",
                  kSwitch,
                  "zkdeploy-switch",
                  op,
                  host.current_link(),
                  release.empty() ? std::string() : "releases/" + release};
  for (const FileChange& change : plan.files) request.argv.push_back(change.path);
  exec_checked(t, request);
}

}  // namespace

void activate_host(Transport& t, const Host& host, const HostPlan& plan) {
  run_switch(t, "activate", host, plan.release ? plan.release->to : std::string(), plan);
}

void roll_back_host(Transport& t, const Host& host, const HostPlan& plan) {
  run_switch(t, "roll-back", host, plan.release ? plan.release->from : std::string(), plan);
}

}  // namespace zkd
