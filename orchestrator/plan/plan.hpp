// The plan: pure data saying what `apply` will do and whether it is safe now. `plan` prints
// it, `apply` executes it; one function (make_plan) decides for both. Serialised to JSON by
// plan_json.hpp (schema there, versioned by kPlanFormatVersion).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/plan/plan_input.hpp"
#include "orchestrator/probe/ensemble_health.hpp"

namespace zkd {

inline constexpr int kPlanFormatVersion = 1;

enum class FileAction {
  create,  // the file is missing
  update,  // its content differs
  chmod,   // same content, other permission bits: rewritten without a restart
};

struct FileChange {
  std::string path;
  FileRole role = FileRole::other;
  FileAction action = FileAction::create;
  std::optional<unsigned> mode_before;  // nullopt when the file is created
  unsigned mode_after = 0;
  std::optional<std::string>
      before_display;           // masked content on the host; nullopt: absent or not gathered
  std::string after_display;    // masked content to write
  std::string diff;             // unified diff of the masked forms; empty when they are equal
  bool masked_only = false;     // the content changed, but only in masked (secret) values
  bool before_unknown = false;  // the host's content was not gathered: no diff can be shown
  bool needs_restart = false;   // content of zoo.cfg, myid or the service unit changes
};

struct ReleaseChange {
  std::string kind;
  std::string version;
  std::string from;     // release id `current` points to now; empty when there is none
  std::string to;       // release id to switch `current` to
  bool upload = false;  // the release is not on the host yet
  std::string local_path;
  std::string sha256;
  uint64_t size = 0;
  std::string remote_dir;  // <install_root>/<cluster>/releases/<to>
};

enum class ServerAction { none, start, restart };

// What the host looked like when gathered; shown by the status table.
struct HostObservation {
  bool reachable = false;
  std::string error;
  std::optional<int64_t> pid;
  std::string current_release;
  ServerMode mode = ServerMode::unknown;
  std::string mode_text;
  std::optional<uint64_t> zxid;
  std::optional<int64_t> connections, outstanding;
  std::string version;
};

struct HostPlan {
  std::string cluster;
  std::string name;
  std::string address;
  int64_t myid = 0;
  MemberRole role = MemberRole::participant;
  bool new_host = false;
  bool fresh = false;                    // nothing was installed on the host: it is being added
  std::optional<ReleaseChange> release;  // nullopt: `current` already is the desired release
  std::vector<FileChange> files;         // only the files that change
  ServerAction action = ServerAction::none;
  std::string action_reason;  // why start or restart; why nothing can be said when unreachable
  HostObservation observed;
  NodeHealth health;

  bool has_changes() const { return release || !files.empty() || action != ServerAction::none; }
};

struct ActivationStep {
  std::string host;
  ServerAction action = ServerAction::start;
};

// A server.N entry that the rollout would add to or drop from the ensemble.
struct MemberChange {
  int64_t myid = 0;
  std::string address;
  MemberRole role = MemberRole::participant;
  std::string host;  // inventory name; empty for removed servers the inventory no longer has
};

struct Verdict {
  bool safe = true;
  std::vector<std::string> reasons;  // every reason for refusal; empty when safe
};

struct ClusterPlan {
  std::string name;
  std::vector<HostPlan> hosts;      // inventory order
  std::vector<std::string> voters;  // the participants' host names
  size_t quorum = 0;
  std::string leader;        // observed leader's host name; empty when there is no single leader
  std::string sync_problem;  // why the leader does not count everyone synced; empty if it does
  RolloutPolicy rollout;     // the cluster's policy, for the executor's health waits
  // Nothing runs or is installed yet on any host: no quorum exists to keep, membership is
  // whatever the inventory says.
  bool first_install = false;
  // The stopped servers start all at once rather than one at a time: on a first install, or
  // when so few voters run that starting one alone cannot restore a quorum (its health wait
  // could never succeed). Restarts stay one at a time.
  bool start_together = false;
  // Starts and restarts in execution order: starts of stopped servers, then restarts of
  // observers, then followers, the leader last (see rollout_order.hpp).
  std::vector<ActivationStep> order;
  std::vector<MemberChange> added, removed;
  Verdict verdict;

  bool has_changes() const;
};

// Terraform-style counts: hosts installed for the first time, other hosts with changes, and
// servers restarted.
struct PlanSummary {
  size_t add = 0;
  size_t change = 0;
  size_t restart = 0;
};

struct Plan {
  int format_version = kPlanFormatVersion;
  std::vector<ClusterPlan> clusters;  // in order of first appearance in the inventory
  PlanSummary summary;
  Verdict verdict;  // safe when every cluster's is; reasons prefixed with "<cluster>: "

  bool has_changes() const;    // false: nothing to do
  bool all_reachable() const;  // every host was gathered: "no changes" is then complete
};

std::string_view file_action_name(FileAction action);
std::string_view file_role_name(FileRole role);
std::string_view server_action_name(ServerAction action);

// "1 voter", "3 voters": `count` and `noun`, plural when count != 1.
std::string counted(size_t count, std::string_view noun);

// "512 bytes" below 1 MiB, else whole MiB rounded up ("4 MiB").
std::string size_text(uint64_t bytes);

}  // namespace zkd
