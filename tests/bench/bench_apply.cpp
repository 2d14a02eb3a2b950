// bench_apply: `zkdeploy apply` on real sshd test hosts running Apache ZooKeeper 3.8.
//   1. Three rolling upgrades (v1 -> v2 -> v3 -> v4) of a 5-node ensemble, each: the run's
//      wall time against the sum of each node's stop-to-synced time from the journal (begin
//      stop -> end of its wait); the difference is orchestration overhead (target <= 10%),
//      broken down by journal step; then the median overhead.
//   2. A rolling restart of the same 5 hosts by zkdeploy (a zoo.cfg change) and by
//      playbooks/rolling-restart.ansible.yaml (ansible-playbook): wall times and ratio.
//   3. A no-op apply of a 9-node ensemble (target < 0.5 s): median of 5 runs, beside
//      `zkdeploy plan` and `zkdeploy ping` of the same hosts.
//   Where the overhead goes: one host's SSH connect, a bare command round trip, the gather
//   command and the admin words, a whole gather of the ensemble, the re-plan before a step
//   (every member's probes, one host's files), and staging's transfer alone; for the no-op:
//   the local part, the parallel SSH connects and one gather over those sessions.
// `bench_apply rollout` or `bench_apply noop` runs only that part. Prints figures; asserts
// nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/apply/stage_host.hpp"
#include "orchestrator/gather/cluster_gather.hpp"
#include "orchestrator/gather/host_report.hpp"
#include "orchestrator/state/artifact_digest.hpp"
#include "orchestrator/state/inventory_plan.hpp"
#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/inventory_target.hpp"
#include "orchestrator/transport/ssh_transport.hpp"
#include "tests/e2e/apply/apply_cluster.hpp"
#include "tests/e2e/apply/release_files.hpp"
#include "tests/e2e/playbooks/ansible_run.hpp"

namespace {

using zkd::testing::ApplyCluster;
using zkd::testing::CliRun;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Median wall time of `runs` calls of fn, in ms.
template <typename Fn>
double median_ms(int runs, Fn&& fn) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    fn();
    ms.push_back(seconds_since(start) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// One SSH session per host of `prepared`, not connected yet.
std::vector<std::unique_ptr<zkd::SshTransport>> sessions_for(const zkd::InventoryPlan& prepared) {
  std::vector<std::unique_ptr<zkd::SshTransport>> sessions;
  for (const zkd::RenderedHost& h : prepared.rendered.hosts) {
    sessions.push_back(std::make_unique<zkd::SshTransport>(zkd::ssh_target_for(*h.host)));
  }
  return sessions;
}

// The pieces of a re-plan (cluster_gather.hpp): per host one command and three admin words
// over its SSH session, all hosts in parallel; and of the cheaper re-plan before each
// activation step (refresh_plan.hpp): every member's probes plus one host's files.
void print_replan_costs(const ApplyCluster& c) {
  const zkd::InventoryPlan prepared = zkd::prepare_inventory(c.inventory());
  const zkd::RenderedHost& first = prepared.rendered.hosts.at(0);
  const zkd::GatherSpec spec = zkd::gather_spec_for(first);
  zkd::SshTransport t(zkd::ssh_target_for(*first.host));
  const double connect = median_ms(1, [&] { t.connect(); });
  zkd::ExecRequest bare, report;
  bare.argv = {"true"};
  report.argv = zkd::gather_argv(spec.cluster_root, spec.release, spec.paths);
  const double round_trip = median_ms(9, [&] { t.exec(bare); });
  const double command = median_ms(9, [&] { t.exec(report); });
  const double words = median_ms(9, [&] { zkd::probe_server(t, spec); });
  auto sessions = sessions_for(prepared);
  std::vector<size_t> all;
  for (size_t i = 0; i < sessions.size(); ++i) all.push_back(i);
  const zkd::TransportFor transport_for = [&](size_t i) -> zkd::Transport& { return *sessions[i]; };
  const auto gather = [&] { zkd::gather_hosts(prepared.rendered, all, 16, transport_for); };
  gather();  // connects every session
  const double whole = median_ms(9, gather);
  const double probes =
      median_ms(9, [&] { zkd::probe_hosts(prepared.rendered, all, 16, transport_for); });
  const double one_host =
      median_ms(9, [&] { zkd::gather_files(prepared.rendered, {0}, 16, transport_for); });
  // Staging: the release's bytes alone (the archive staging sends, thrown away by `cat`), so
  // the rest of a stage step is the host's own work (unpack, hashes, fsync, rename).
  zkd::ReleaseChange change;
  change.local_path = zkd::testing::artifact_dir(c);
  change.sha256 = zkd::digest_artifact(change.local_path).sha256;
  zkd::ReleaseUploads uploads;
  const std::string& release = uploads.of(*prepared.rendered.hosts[0].host, change).bytes;
  zkd::ExecRequest sink;
  sink.argv = {"sh", "-c", "cat > /dev/null"};
  sink.stdin_data = {release};
  const double stream_one = median_ms(3, [&] { sessions[0]->exec(sink); });
  const double stream_all = median_ms(
      3, [&] { zkd::fan_out(sessions.size(), 16, [&](size_t i) { sessions[i]->exec(sink); }); });
  std::printf(
      "  staging: the release archive (%.1f MB) streamed to one host %.1f ms, to all %zu in "
      "parallel %.1f ms\n",
      static_cast<double>(release.size()) / 1e6, stream_one, sessions.size(), stream_all);
  std::printf(
      "where a re-plan's time goes (medians, ms): SSH connect %.1f; per host: command "
      "round trip %.1f, gather command %.1f, ruok+srvr+mntr %.1f; whole gather of %zu "
      "hosts in parallel (probes, srvr again) %.1f\n"
      "  re-plan before a step: every member's probes %.1f + one host's files %.1f\n",
      connect, round_trip, command, words, all.size(), whole, probes, one_host);
}

// Unix time in ms of a journal line's "time" ("2026-12-04T01:02:03.456Z").
int64_t time_ms(const json& line) {
  const std::string text = line["time"].get<std::string>();
  std::tm tm{};
  int ms = 0;
  std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
              &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

// A timed `zkdeploy apply` of the cluster; exits the bench when it fails.
double timed_apply(ApplyCluster& c, const char* what) {
  const auto start = Clock::now();
  const CliRun run = c.apply();
  const double s = seconds_since(start);
  if (run.status != 0) {
    std::printf("bench_apply: %s failed (exit %d)\n%s\n%s\n", what, run.status, run.out.c_str(),
                run.err.c_str());
    std::exit(1);
  }
  return s;
}

// Per-node stop-to-synced times and where the rest of the run's time went, from a journal.
// Returns the overhead in percent of the run.
double print_rollout(const ApplyCluster& c, int run, double wall_s) {
  std::map<std::string, int64_t> stop_begin, node_ms;
  std::map<std::string, int64_t> step_ms;  // summed "ms" of sequential steps
  std::map<std::string, int> step_count;
  int64_t stage_first = 0, stage_last = 0, run_ms = 0;
  std::string stage_hosts;
  for (const json& line : c.journal_lines(run)) {
    const std::string step = line["step"], host = line["host"];
    const int64_t t = time_ms(line);
    if (line["event"] == "begin") {
      if (step == "stop") stop_begin[host] = t;
      if (step == "stage" && (stage_first == 0 || t < stage_first)) stage_first = t;
      continue;
    }
    const int64_t ms = line["ms"].get<int64_t>();
    if (step == "run") run_ms = ms;
    if (step == "wait" && stop_begin.count(host) != 0) node_ms[host] = t - stop_begin[host];
    if (step == "stage") {
      stage_hosts += " " + host + "=" + std::to_string(ms);
      stage_last = std::max(stage_last, t);
    } else if (step != "run") {
      step_ms[step] += ms;
      ++step_count[step];
    }
  }
  int64_t nodes = 0;
  std::string per_node;
  for (const auto& [host, ms] : node_ms) {
    nodes += ms;
    per_node += " " + host + "=" + std::to_string(ms);
  }
  const int64_t overhead = run_ms - nodes;
  const double percent = 100.0 * static_cast<double>(overhead) / static_cast<double>(run_ms);
  std::printf("  per node stop -> synced (ms):%s\n", per_node.c_str());
  std::printf(
      "  run %.3f s by the clock, %.3f s by the journal; nodes' stop -> synced sum %.3f s\n",
      wall_s, run_ms / 1000.0, nodes / 1000.0);
  std::printf("  orchestration overhead: %.3f s = %.1f%% of the run (target <= 10%%)\n",
              overhead / 1000.0, percent);
  std::printf("  by step (ms, count): stage %lld (parallel span)",
              static_cast<long long>(stage_last - stage_first));
  for (const auto& [step, ms] : step_ms) {
    std::printf(", %s %lld (%d)", step.c_str(), static_cast<long long>(ms), step_count[step]);
  }
  std::printf("\n  staging per host (ms):%s", stage_hosts.c_str());
  std::printf("\n  (stop, switch, start and wait make up the nodes' time; the rest is overhead)\n");
  return percent;
}

void rolling_upgrade_and_restarts() {
  ApplyCluster c(5);
  std::printf("bench_apply: 5-node Apache ZooKeeper 3.8 ensemble\n");
  std::printf("  fresh install: %.3f s\n", timed_apply(c, "the fresh install"));

  // Three upgrades in a row: one run's overhead moves by a few points with the machine's load.
  const std::string jars = zkd::testing::artifact_dir(c);
  std::string from = zkd::testing::release_of(jars);
  std::vector<double> overheads;
  int run = 1;
  for (const char* version : {"v2", "v3", "v4"}) {
    const std::string to = zkd::testing::make_release(jars, version);
    const double upgrade = timed_apply(c, "the rolling upgrade");
    std::printf("rolling upgrade %s -> %s, 5 nodes: %.3f s\n", from.c_str(), to.c_str(), upgrade);
    overheads.push_back(print_rollout(c, ++run, upgrade));
    from = to;
  }
  std::sort(overheads.begin(), overheads.end());
  std::printf("rolling upgrade overhead, median of %zu: %.1f%% (target <= 10%%)\n",
              overheads.size(), overheads[overheads.size() / 2]);
  print_replan_costs(c);

  c.write_inventory("maxClientCnxns: 100");
  const double restart = timed_apply(c, "the rolling restart");
  std::printf("rolling restart by zkdeploy (zoo.cfg change), 5 nodes: %.3f s\n", restart);
  print_rollout(c, ++run, restart);

  const std::string inventory =
      zkd::testing::write_ansible_inventory(c.hosts(), c.cluster_of(0), "128m");
  const zkd::testing::PlaybookRun ansible = zkd::testing::run_playbook(
      c.hosts(), inventory, std::string(ZKD_SOURCE_DIR) + "/playbooks/rolling-restart.ansible.yaml",
      std::chrono::minutes(5));
  if (ansible.exit_code != 0) {
    std::printf("bench_apply: the Ansible rolling restart failed (exit %d)\n%s\n",
                ansible.exit_code, ansible.output.c_str());
    return;
  }
  const double theirs = static_cast<double>(ansible.elapsed.count()) / 1000.0;
  std::printf("rolling restart by ansible-playbook rolling-restart.ansible.yaml, 5 nodes: %.3f s\n",
              theirs);
  std::printf("ansible / zkdeploy rolling restart: %.2fx\n", theirs / restart);
}

void noop_apply() {
  ApplyCluster c(9);
  std::printf("bench_apply: 9-node Apache ZooKeeper 3.8 ensemble, fresh install %.3f s\n",
              timed_apply(c, "the fresh install"));
  const double apply = median_ms(5, [&] { timed_apply(c, "a no-op apply"); });
  const auto cli = [&](const char* command) {
    return median_ms(5, [&] {
      zkd::testing::run_cli({ZKDEPLOY_BIN, command, c.inventory()}, c.hosts().dir());
    });
  };
  const double plan = cli("plan");
  const double ping = cli("ping");
  std::printf(
      "no-op apply, 9 hosts: median %.3f s (target < 0.5 s); zkdeploy plan %.3f s, "
      "zkdeploy ping %.3f s\n",
      apply / 1000, plan / 1000, ping / 1000);
  // In process: the local part, every session's connect in parallel, one gather over them.
  zkd::InventoryPlan prepared;
  const double local = median_ms(5, [&] { prepared = zkd::prepare_inventory(c.inventory()); });
  std::vector<size_t> all(prepared.rendered.hosts.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::vector<std::unique_ptr<zkd::SshTransport>> sessions;
  const double connect = median_ms(5, [&] {
    sessions = sessions_for(prepared);
    zkd::fan_out(sessions.size(), 16, [&](size_t i) { sessions[i]->connect(); });
  });
  const double gather = median_ms(5, [&] {
    zkd::gather_hosts(prepared.rendered, all, 16,
                      [&](size_t i) -> zkd::Transport& { return *sessions[i]; });
  });
  std::printf(
      "  where a no-op's time goes (medians, ms): load, render and digest %.1f; SSH connect "
      "of %zu hosts in parallel %.1f; gather over those sessions %.1f\n",
      local, all.size(), connect, gather);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
  const std::string only = argc > 1 ? argv[1] : "";
  if (only != "" && only != "rollout" && only != "noop") {
    std::fprintf(stderr, "usage: bench_apply [rollout|noop]\n");
    return 2;
  }
  if (only != "noop") rolling_upgrade_and_restarts();
  if (only != "rollout") noop_apply();
  return 0;
}
