#include "orchestrator/plan/plan_json.hpp"

#include <chrono>

#include "orchestrator/probe/text_fields.hpp"
#include "orchestrator/util/file_mode.hpp"

namespace zkd {

namespace {

using nlohmann::json;

json text_or_null(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

template <class T>
json value_or_null(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json verdict_json(const Verdict& verdict) {
  return {{"safe", verdict.safe}, {"reasons", verdict.reasons}};
}

json member_json(const MemberChange& member) {
  return {{"myid", member.myid},
          {"address", member.address},
          {"role", member_role_name(member.role)},
          {"host", text_or_null(member.host)}};
}

json file_json(const FileChange& file) {
  return {{"path", file.path},
          {"role", file_role_name(file.role)},
          {"action", file_action_name(file.action)},
          {"mode_before", file.mode_before ? json(octal_mode(*file.mode_before)) : json(nullptr)},
          {"mode_after", octal_mode(file.mode_after)},
          {"before", value_or_null(file.before_display)},
          {"after", file.after_display},
          {"diff", file.diff},
          {"masked_only", file.masked_only},
          {"before_unknown", file.before_unknown},
          {"needs_restart", file.needs_restart}};
}

json release_json(const std::optional<ReleaseChange>& release) {
  if (!release) return nullptr;
  return {{"kind", release->kind},
          {"version", text_or_null(release->version)},
          {"from", text_or_null(release->from)},
          {"to", release->to},
          {"upload", release->upload},
          {"local_path", release->local_path},
          {"sha256", release->sha256},
          {"size", release->size},
          {"remote_dir", release->remote_dir}};
}

json host_json(const HostPlan& host) {
  json files = json::array();
  for (const FileChange& file : host.files) files.push_back(file_json(file));
  const HostObservation& seen = host.observed;
  return {
      {"name", host.name},
      {"address", host.address},
      {"myid", host.myid},
      {"role", member_role_name(host.role)},
      {"new_host", host.new_host},
      {"action", server_action_name(host.action)},
      {"action_reason", host.action_reason},
      {"release", release_json(host.release)},
      {"files", files},
      {"observed",
       {{"reachable", seen.reachable},
        {"error", text_or_null(seen.error)},
        {"pid", value_or_null(seen.pid)},
        {"current_release", text_or_null(seen.current_release)},
        {"mode", seen.mode_text.empty() ? std::string(mode_name(seen.mode)) : seen.mode_text},
        {"zxid", seen.zxid ? json(to_hex(*seen.zxid)) : json(nullptr)},
        {"connections", value_or_null(seen.connections)},
        {"outstanding", value_or_null(seen.outstanding)},
        {"version", text_or_null(seen.version)}}},
      {"health",
       {{"healthy", host.health.healthy},
        {"reason", text_or_null(host.health.reason)},
        {"leader", host.health.leader},
        {"zxid_lag", value_or_null(host.health.zxid_lag)}}},
  };
}

json cluster_json(const ClusterPlan& cluster) {
  json order = json::array(), added = json::array(), removed = json::array(), hosts = json::array();
  for (const ActivationStep& step : cluster.order) {
    order.push_back({{"host", step.host}, {"action", server_action_name(step.action)}});
  }
  for (const MemberChange& member : cluster.added) added.push_back(member_json(member));
  for (const MemberChange& member : cluster.removed) removed.push_back(member_json(member));
  for (const HostPlan& host : cluster.hosts) hosts.push_back(host_json(host));
  const auto timeout =
      std::chrono::duration_cast<std::chrono::seconds>(cluster.rollout.health_timeout);
  return {{"name", cluster.name},
          {"voters", cluster.voters},
          {"quorum", cluster.quorum},
          {"leader", text_or_null(cluster.leader)},
          {"sync_problem", text_or_null(cluster.sync_problem)},
          {"rollout",
           {{"health_timeout_seconds", timeout.count()},
            {"max_zxid_lag", cluster.rollout.max_zxid_lag}}},
          {"first_install", cluster.first_install},
          {"start_together", cluster.start_together},
          {"order", order},
          {"membership", {{"added", added}, {"removed", removed}}},
          {"verdict", verdict_json(cluster.verdict)},
          {"hosts", hosts}};
}

}  // namespace

json plan_to_json(const Plan& plan) {
  json clusters = json::array();
  for (const ClusterPlan& cluster : plan.clusters) clusters.push_back(cluster_json(cluster));
  return {{"format_version", plan.format_version},
          {"has_changes", plan.has_changes()},
          {"summary",
           {{"add", plan.summary.add},
            {"change", plan.summary.change},
            {"restart", plan.summary.restart}}},
          {"verdict", verdict_json(plan.verdict)},
          {"clusters", clusters}};
}

}  // namespace zkd
