// bench_ensemble: a 3-node zkserver ensemble against a 3-node Apache ZooKeeper 3.8 ensemble
// (full-speed JVM), both on loopback (tests/harness/local_ensemble) with the same zoo.cfg
// timings, fsync on. Measures, per ensemble:
//   - throughput and p50/p99 latency of create, setData (writes) and getData (reads) with the
//     zkload generator (tests/bench/zkload), its sessions spread over the three servers;
//   - failover (median of 3 rounds): kill -9 of the leader until the survivors have a
//     leader and a setData through it succeeds;
//   - resync (median of 3 rounds): start of the killed node until the leader counts it as a
//     synced follower;
//   - leadership transfer (zkserver only): the admin request, which zkserver answers once
//     the target leads (checked with srvr afterwards).
// Prints a table with the ratios and the targets (writes >= 2x Apache ZooKeeper, reads >=
// 1.5x, failover <= 1/3, transfer < 50 ms). Figures, not assertions.
//
// BENCH_OPS (default 20000) sets the znodes per load phase; each ensemble gets one unmeasured
// warm-up pass of the same load first.
#include <zookeeper/zookeeper.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/bench/zkload.hpp"
#include "tests/harness/local_ensemble.hpp"
#include "tests/harness/test_hosts.hpp"

namespace {

using zkd::testing::LocalEnsemble;
using zkd::testing::ServerKind;
using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

constexpr int kRounds = 3;

// The median, or -1 (not measured) for none.
double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Figures {
  std::optional<zks::zkload::LoadReport> load;
  std::string load_error;
  double failover_ms = -1;  // -1: not measured
  double resync_ms = -1;
  double transfer_ms = -1;
  std::string notes;
};

// A session that reports when it is connected.
class Session {
 public:
  explicit Session(const std::string& connect) {
    zh_ = zookeeper_init(connect.c_str(), &Session::watch, 10000, nullptr, this, 0);
  }
  ~Session() {
    if (zh_ != nullptr) zookeeper_close(zh_);
  }
  bool wait_connected(Clock::duration timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return connected_; });
  }
  zhandle_t* handle() const { return zh_; }

 private:
  static void watch(zhandle_t*, int type, int state, const char*, void* self) {
    if (type != ZOO_SESSION_EVENT) return;
    auto* s = static_cast<Session*>(self);
    std::lock_guard lock(s->mu_);
    s->connected_ = state == ZOO_CONNECTED_STATE;
    s->cv_.notify_all();
  }
  zhandle_t* zh_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  bool connected_ = false;
};

// kill -9 of the leader until a setData succeeds again: the survivors elect a leader (srvr,
// polled), then a new session to it writes. A fresh session keeps the client library's
// reconnection back-off out of the figure.
double failover(LocalEnsemble& ensemble, size_t leader, std::string* notes) {
  {
    Session setup(ensemble.connect_string({leader}));
    if (!setup.wait_connected(seconds(30))) {
      *notes += " no session to the leader;";
      return -1;
    }
    zoo_create(setup.handle(), "/failover", "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
  }
  const auto t0 = Clock::now();
  ensemble.kill9(leader);
  while (ms_since(t0) < 60000) {
    const std::optional<size_t> now = ensemble.wait_for_leader(seconds(60));
    if (!now) break;
    Session session(ensemble.connect_string({*now}));
    if (session.wait_connected(seconds(5)) &&
        zoo_set(session.handle(), "/failover", "x", 1, -1) == ZOK) {
      return ms_since(t0);
    }
  }
  *notes += " no write within 60 s of the failover;";
  return -1;
}

Figures measure(ServerKind kind) {
  Figures f;
  zkd::testing::LocalEnsembleOptions options;
  options.kind = kind;
  options.jvm = zkd::testing::JvmProfile::kFullSpeed;
  std::fflush(stdout);  // the children must not inherit unwritten output
  LocalEnsemble ensemble(options);
  ensemble.start_all();
  const std::optional<size_t> leader = ensemble.wait_for_leader(seconds(90));
  if (!leader) {
    f.load_error = "no leader within 90 s";
    return f;
  }
  zks::zkload::LoadOptions load;
  load.connect = ensemble.connect_string();
  load.clients = 8;
  load.inflight = 100;
  load.ops = {"create", "set", "get"};
  const char* ops = std::getenv("BENCH_OPS");
  load.znodes = ops != nullptr ? std::strtoull(ops, nullptr, 10) : 20000;
  // A first, unmeasured pass lets the JVM compile its hot paths (and warms both servers'
  // caches alike): the figures are steady-state ones.
  zks::zkload::LoadOptions warm_up = load;
  warm_up.root = "/zkload-warm-up";
  zks::zkload::LoadReport warm_up_report, report;
  if (zks::zkload::RunLoad(warm_up, &warm_up_report, &f.load_error) &&
      zks::zkload::RunLoad(load, &report, &f.load_error))
    f.load = report;
  zoo_set_debug_level(static_cast<ZooLogLevel>(0));  // the faults below make the client log
  std::fprintf(stderr, "%s: load done\n", zkd::testing::to_string(kind));

  if (kind == ServerKind::kZkServer) {
    // zkserver answers the transfer request once another server leads.
    const size_t target = (*leader + 1) % ensemble.size();
    const auto t0 = Clock::now();
    const std::optional<std::string> reply = ensemble.admin_get(
        *leader, "/commands/transfer_leadership?target=" + std::to_string(target + 1));
    const double elapsed = ms_since(t0);
    if (!reply) {
      f.notes += " transfer: no admin HTTP server;";
    } else if (reply->find("\"error\":null") != std::string::npos &&
               ensemble.wait_for_leader(seconds(10)) == target) {
      f.transfer_ms = elapsed;
    } else {
      f.notes += " transfer failed: " + *reply + ";";
    }
  }
  // Elections are randomised: the median of a few rounds of kill, failover, restart, resync.
  std::vector<double> failovers, resyncs;
  for (int round = 0; round < kRounds; ++round) {
    const std::optional<size_t> current = ensemble.wait_for_leader(seconds(30));
    if (!current) break;
    const double ms = failover(ensemble, *current, &f.notes);
    if (ms < 0) break;
    failovers.push_back(ms);
    const auto t0 = Clock::now();
    ensemble.start(*current);
    if (!ensemble.wait_synced(*current, seconds(120))) break;
    resyncs.push_back(ms_since(t0));
  }
  f.failover_ms = median(failovers);
  f.resync_ms = median(resyncs);
  if (!failovers.empty()) {
    f.notes += " failover rounds (ms):";
    for (double ms : failovers) f.notes += " " + std::to_string(static_cast<int>(ms));
    f.notes += ";";
  }
  return f;
}

const zks::zkload::OpStats* op(const Figures& f, const std::string& name) {
  if (!f.load) return nullptr;
  for (const auto& s : f.load->ops) {
    if (s.op == name) return &s;
  }
  return nullptr;
}

std::string number(double v, const char* format) {
  if (v < 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// A target on zkserver's figure: a bound on the ratio to Apache ZooKeeper's, or on the
// figure itself (0: no such bound).
struct Target {
  const char* text = "";
  double min_ratio = 0, max_ratio = 0, max_value = 0;
};

void row(const std::string& metric, double ours, double theirs, const char* format,
         const Target& target = {}) {
  const bool have_ratio = ours >= 0 && theirs > 0;
  const double r = have_ratio ? ours / theirs : 0;
  std::string verdict;
  if (*target.text != '\0') {
    bool met = ours >= 0;
    if (target.min_ratio > 0) met = met && have_ratio && r >= target.min_ratio;
    if (target.max_ratio > 0) met = met && have_ratio && r <= target.max_ratio;
    if (target.max_value > 0) met = met && ours < target.max_value;
    verdict = std::string(target.text) + (met ? "  met" : "  MISSED");
  }
  std::printf("%-24s %14s %14s %8s   %s\n", metric.c_str(), number(ours, format).c_str(),
              number(theirs, format).c_str(), have_ratio ? number(r, "%.2fx").c_str() : "n/a",
              verdict.c_str());
}

}  // namespace

int main() {
  zoo_set_debug_level(static_cast<ZooLogLevel>(0));
  const Figures ours = measure(ServerKind::kZkServer);
  const Figures theirs = measure(ServerKind::kApacheZooKeeper);
  std::printf(
      "bench_ensemble: 3-node ensembles on loopback, tickTime 200 ms, fsync on; zkload 8 "
      "sessions x 100 in flight\n");
  for (const Figures* f : {&ours, &theirs}) {
    if (!f->load_error.empty()) std::printf("load error: %s\n", f->load_error.c_str());
  }
  std::printf("%-24s %14s %14s %8s   %s\n", "metric", "zkserver", "ApacheZK", "ratio", "target");
  const Target writes{">= 2x", 2.0};
  const Target reads{">= 1.5x", 1.5};
  for (const char* name : {"create", "set", "get"}) {
    const auto* a = op(ours, name);
    const auto* b = op(theirs, name);
    const bool read = std::string(name) == "get";
    row(std::string(name) + (read ? " (read)" : " (write)") + " ops/s", a ? a->ops_per_second : -1,
        b ? b->ops_per_second : -1, "%.0f", read ? reads : writes);
    row(std::string(name) + " p50 ms", a ? a->p50_ms : -1, b ? b->p50_ms : -1, "%.2f");
    row(std::string(name) + " p99 ms", a ? a->p99_ms : -1, b ? b->p99_ms : -1, "%.2f");
  }
  row("failover ms", ours.failover_ms, theirs.failover_ms, "%.0f", {"<= 0.33x", 0, 1.0 / 3});
  row("follower resync ms", ours.resync_ms, theirs.resync_ms, "%.0f");
  row("leader transfer ms", ours.transfer_ms, -1, "%.1f", {"< 50 ms", 0, 0, 50});
  if (!ours.notes.empty()) std::printf("zkserver notes:%s\n", ours.notes.c_str());
  if (!theirs.notes.empty()) std::printf("ApacheZK notes:%s\n", theirs.notes.c_str());
  return 0;
}
