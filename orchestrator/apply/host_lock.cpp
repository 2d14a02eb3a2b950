#include "orchestrator/apply/host_lock.hpp"

#include <sstream>

#include "orchestrator/transport/shell_quote.hpp"

namespace zkd {

std::optional<LockHolder> parse_lock_holder(const std::string& line) {
  std::istringstream in(line);
  std::string who, pid;
  LockHolder holder;
  if (!(in >> who >> pid >> holder.time >> holder.run_id)) return std::nullopt;
  const size_t at = who.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == who.size()) return std::nullopt;
  holder.user = who.substr(0, at);
  holder.machine = who.substr(at + 1);
  try {
    size_t used = 0;
    holder.pid = std::stol(pid, &used);
    if (used != pid.size() || holder.pid <= 0) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return holder;
}

std::string lock_refusal(const std::string& line, const std::string& host, const std::string& path,
                         const RunIdentity& me, const std::function<bool(long)>& process_alive) {
  std::string text = "the cluster lock on " + host + " is held by " + line;
  const auto holder = parse_lock_holder(line);
  const std::string remove = "remove it with: ssh " + host + " rm " + shell_quote_word(path);
  if (!holder) return text + " (not a zkdeploy lock line); if no apply is running, " + remove;
  if (holder->machine == me.machine && !process_alive(holder->pid)) {
    return text + "; it is stale: process " + std::to_string(holder->pid) + " on " +
           holder->machine + " is gone; " + remove;
  }
  return text + "; another apply is running (or was killed on " + holder->machine +
         "): if no apply runs as " + holder->user + "@" + holder->machine + " with pid " +
         std::to_string(holder->pid) + ", " + remove;
}

std::string lock_path(const std::string& cluster_root) {
  return cluster_root + "/.zkdeploy/lock";
}

std::optional<std::string> acquire_lock(Transport& t, const std::string& cluster_root,
                                        const std::string& holder) {
  // noclobber makes `>` open with O_EXCL: of two concurrent creators exactly one succeeds.
  // Builtins only, but for a missing directory: a lock is taken on every host of a cluster.
  static const char* script = R"sh(set -u
[ -d "$1/.zkdeploy" ] || mkdir -p -- "$1/.zkdeploy" || exit 70
set -C
if { printf '%s\n' "$2" > "$1/.zkdeploy/lock"; } 2>/dev/null; then exit 0; fi
line=
IFS= read -r line < "$1/.zkdeploy/lock" 2>/dev/null
printf '%.4096s\n' "$line"
exit 75)sh";
  ExecRequest request;
  request.argv = {"sh", "-c", script, "zkdeploy-lock", cluster_root, holder};
  const ExecResult r = t.exec(request);
  if (r.ok()) return std::nullopt;
  if (r.exit_status != 75) {
    throw TransportError(t.host_label() + ": cannot create " + lock_path(cluster_root) + ": " +
                         r.err);
  }
  std::string line = r.out;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line.empty() ? "(an empty lock file)" : line;
}

void release_lock(Transport& t, const std::string& cluster_root, const std::string& holder) {
  static const char* script = R"sh(f=$1/.zkdeploy/lock line=
[ -f "$f" ] || exit 0
IFS= read -r line < "$f"
[ "$line" = "$2" ] && rm -f -- "$f"
exit 0)sh";
  ExecRequest request;
  request.argv = {"sh", "-c", script, "zkdeploy-unlock", cluster_root, holder};
  exec_checked(t, request);
}

}  // namespace zkd
