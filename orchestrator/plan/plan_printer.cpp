#include "orchestrator/plan/plan_printer.hpp"

#include <algorithm>

#include "orchestrator/probe/text_fields.hpp"
#include "orchestrator/util/file_mode.hpp"

namespace zkd {

namespace {

void diff_lines(const std::string& diff, const PrintStyle& style, std::string& out) {
  for (std::string_view line : split_lines(diff)) {
    Tone tone = Tone::bold;
    if (line.starts_with("@@")) {
      tone = Tone::hunk;
    } else if (line.starts_with("+")) {
      tone = Tone::added;
    } else if (line.starts_with("-")) {
      tone = Tone::removed;
    }
    const bool plain = line.starts_with(" ") || line.starts_with("\\");
    out += "        " + (plain ? std::string(line) : paint(line, tone, style)) + "\n";
  }
}

void file_lines(const FileChange& file, const PrintStyle& style, std::string& out) {
  switch (file.action) {
    case FileAction::create:
      out += "    " + paint("+ " + file.path, Tone::added, style) + " (mode " +
             octal_mode(file.mode_after) + ")\n";
      break;
    case FileAction::update:
      out += "    " + paint("~ " + file.path, Tone::changed, style) + "\n";
      break;
    case FileAction::chmod:
      out += "    " + paint("~ " + file.path, Tone::changed, style) + " mode " +
             octal_mode(file.mode_before.value_or(0)) + " -> " + octal_mode(file.mode_after) + "\n";
      return;
  }
  if (file.mode_before && *file.mode_before != file.mode_after) {
    out += "        mode " + octal_mode(*file.mode_before) + " -> " + octal_mode(file.mode_after) +
           "\n";
  }
  if (file.masked_only) {
    out += "        (only masked values change; not shown)\n";
  } else if (file.before_unknown) {
    out += "        (the content on the host was not read; changed by digest)\n";
  } else {
    diff_lines(file.diff, style, out);
  }
}

void release_line(const ReleaseChange& release, std::string& out) {
  out += "    release " + (release.from.empty() ? std::string("(none)") : release.from) + " -> " +
         release.to + " (" + release.kind + (release.version.empty() ? "" : " " + release.version) +
         (release.upload ? ", upload " + size_text(release.size) : ", already on the host") + ")\n";
}

void host_lines(const HostPlan& host, const PrintStyle& style, std::string& out) {
  const std::string title = host.name + " (" + host.address + ", myid " +
                            std::to_string(host.myid) +
                            (host.role == MemberRole::observer ? ", observer" : "") + ")";
  if (!host.observed.reachable) {
    out += "  " + paint("! " + title, Tone::warning, style) +
           " unreachable: " + host.observed.error + "\n";
    return;
  }
  if (!host.has_changes()) return;
  const bool fresh = host.fresh;
  out += "  " + paint((fresh ? "+ " : "~ ") + title, fresh ? Tone::added : Tone::changed, style) +
         (host.new_host ? " new host" : "") + "\n";
  if (host.release) release_line(*host.release, out);
  for (const FileChange& file : host.files) file_lines(file, style, out);
  if (host.action != ServerAction::none) {
    out += "    " + std::string(server_action_name(host.action)) + ": " + host.action_reason + "\n";
  }
}

std::string describe(const MemberChange& member) {
  return "server." + std::to_string(member.myid) + "=" + member.address +
         (member.role == MemberRole::observer ? " (observer)" : "") +
         (member.host.empty() ? "" : " (" + member.host + ")");
}

void order_line(const ClusterPlan& cluster, std::string& out) {
  if (cluster.order.empty()) return;
  std::string steps;
  for (const ActivationStep& step : cluster.order) {
    steps += (steps.empty() ? "" : ", ") + step.host + " " +
             std::string(server_action_name(step.action));
  }
  const bool restarts =
      std::any_of(cluster.order.begin(), cluster.order.end(),
                  [](const ActivationStep& step) { return step.action == ServerAction::restart; });
  std::string note = cluster.start_together ? "starts all together" : "one at a time";
  if (cluster.start_together && restarts) note += ", then restarts one at a time";
  out += "  Order: " + steps + " (" + note + ")\n";
}

void verdict_lines(const Verdict& verdict, const PrintStyle& style, std::string& out) {
  if (verdict.safe) {
    out += "  Verdict: " + paint("safe", Tone::added, style) + "\n";
    return;
  }
  out += "  Verdict: " + paint("refused", Tone::warning, style) + "\n";
  for (const std::string& reason : verdict.reasons) out += "    - " + reason + "\n";
}

void cluster_lines(const ClusterPlan& cluster, const PrintStyle& style, std::string& out) {
  out += paint("Cluster " + cluster.name, Tone::bold, style) + " (" +
         counted(cluster.voters.size(), "voter") + ", quorum " + std::to_string(cluster.quorum) +
         ", leader " + (cluster.leader.empty() ? std::string("none") : cluster.leader) + ")\n";
  const bool all_reachable = std::all_of(cluster.hosts.begin(), cluster.hosts.end(),
                                         [](const HostPlan& h) { return h.observed.reachable; });
  if (all_reachable && !cluster.has_changes()) out += "  no changes\n";
  for (const HostPlan& host : cluster.hosts) host_lines(host, style, out);
  order_line(cluster, out);
  for (const MemberChange& member : cluster.added) {
    out += "  Membership: " + paint("+ " + describe(member), Tone::added, style) + "\n";
  }
  for (const MemberChange& member : cluster.removed) {
    out += "  Membership: " + paint("- " + describe(member), Tone::removed, style) + "\n";
  }
  verdict_lines(cluster.verdict, style, out);
  out += "\n";
}

}  // namespace

std::string render_plan(const Plan& plan, const PrintStyle& style) {
  std::string out;
  for (const ClusterPlan& cluster : plan.clusters) cluster_lines(cluster, style, out);
  if (!plan.has_changes()) {
    out += paint("No changes.", Tone::bold, style) +
           (plan.all_reachable() ? " The deployment matches the inventory.\n"
                                 : " The reachable hosts match the inventory.\n");
  } else {
    out += paint("Plan:", Tone::bold, style) + " " + std::to_string(plan.summary.add) +
           " to add, " + std::to_string(plan.summary.change) + " to change, " +
           std::to_string(plan.summary.restart) + " to restart.\n";
  }
  if (!plan.verdict.safe) {
    out += paint("Refused:", Tone::warning, style) +
           " apply will not proceed until every reason above is resolved.\n";
  }
  return out;
}

}  // namespace zkd
