#include "orchestrator/plan/status_printer.hpp"

#include <array>
#include <vector>

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

namespace {

constexpr size_t kColumns = 10;
using Row = std::array<std::string, kColumns>;
const Row kHeader = {"HOST",  "MYID",    "MODE",    "ZXID",  "LAG",
                     "CONNS", "OUTSTND", "RELEASE", "DRIFT", "HEALTH"};

template <class T>
std::string or_dash(const std::optional<T>& value) {
  return value ? std::to_string(*value) : "-";
}

Row row_of(const HostPlan& host) {
  const HostObservation& seen = host.observed;
  std::string mode = seen.mode_text.empty() ? std::string(mode_name(seen.mode)) : seen.mode_text;
  if (!seen.reachable || !seen.pid) mode = seen.reachable ? "stopped" : "unreachable";
  const std::string drift = !seen.reachable ? "?" : host.has_changes() ? "yes" : "no";
  const std::string health = host.health.healthy ? "healthy" : "unhealthy: " + host.health.reason;
  return {host.name,
          std::to_string(host.myid),
          mode,
          seen.zxid ? to_hex(*seen.zxid) : "-",
          or_dash(host.health.zxid_lag),
          or_dash(seen.connections),
          or_dash(seen.outstanding),
          seen.current_release.empty() ? "-" : seen.current_release,
          drift,
          health};
}

void table_lines(const std::vector<Row>& rows, const PrintStyle& style, std::string& out) {
  std::array<size_t, kColumns> width{};
  for (const Row& row : rows) {
    for (size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t c = 0; c + 1 < kColumns; ++c) {
      line += rows[r][c] + std::string(width[c] - rows[r][c].size() + 2, ' ');
    }
    const std::string& health = rows[r][kColumns - 1];
    if (r == 0) {
      out += paint(line + health, Tone::bold, style) + "\n";
    } else {
      out += line + paint(health, health == "healthy" ? Tone::added : Tone::warning, style) + "\n";
    }
  }
}

}  // namespace

std::string render_status(const Plan& plan, const PrintStyle& style) {
  std::string out;
  for (const ClusterPlan& cluster : plan.clusters) {
    out += paint("Cluster " + cluster.name, Tone::bold, style) + " (quorum " +
           std::to_string(cluster.quorum) + " of " + counted(cluster.voters.size(), "voter") +
           ", leader " + (cluster.leader.empty() ? std::string("none") : cluster.leader) + ")\n";
    std::vector<Row> rows = {kHeader};
    for (const HostPlan& host : cluster.hosts) rows.push_back(row_of(host));
    table_lines(rows, style, out);
    if (!cluster.sync_problem.empty()) out += "sync: " + cluster.sync_problem + "\n";
    out += "\n";
  }
  return out;
}

}  // namespace zkd
