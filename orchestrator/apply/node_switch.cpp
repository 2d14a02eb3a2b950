#include "orchestrator/apply/node_switch.hpp"

#include "orchestrator/transport/remote_files.hpp"

namespace zkd {
namespace {

void run_on_files(Transport& t, const char* script, const char* name, const HostPlan& plan) {
  if (plan.files.empty()) return;
  ExecRequest request;
  request.argv = {"sh", "-c", script, name};
  for (const FileChange& change : plan.files) request.argv.push_back(change.path);
  exec_checked(t, request);
}

}  // namespace

void activate_host(Transport& t, const Host& host, const HostPlan& plan) {
  if (plan.release) switch_symlink(t, host.current_link(), "releases/" + plan.release->to);
  static const char* script = R"sh(set -u
for f in "$@"; do
  [ -f "$f.next" ] || { echo "$f.next is not staged" >&2; exit 77; }
  if [ -e "$f" ]; then ln -f -- "$f" "$f.prev" || exit 71; else rm -f -- "$f.prev"; fi
  mv -f -- "$f.next" "$f" || exit 71
done)sh";
  run_on_files(t, script, "zkdeploy-activate", plan);
}

void roll_back_host(Transport& t, const Host& host, const HostPlan& plan) {
  if (plan.release && !plan.release->from.empty()) {
    switch_symlink(t, host.current_link(), "releases/" + plan.release->from);
  }
  static const char* script = R"sh(set -u
for f in "$@"; do
  if [ -e "$f.prev" ]; then mv -f -- "$f.prev" "$f" || exit 71; else rm -f -- "$f"; fi
done)sh";
  run_on_files(t, script, "zkdeploy-roll-back", plan);
}

}  // namespace zkd
