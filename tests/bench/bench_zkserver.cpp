// bench_zkserver: zkserver against Apache ZooKeeper 3.8 standalone, same machine, same client
// (the ZooKeeper C client, asynchronous and pipelined), fsync on for both. Prints ops/s and
// p50/p99 latency of create, setData and getData with small values on 1 and 8 connections,
// RSS with 100k znodes, and the time from process start to serving. Figures, not assertions.
#include <zookeeper/zookeeper.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/compat/server/zkserver_process.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kWindow = 1000;  // requests in flight per connection
const std::string kValue(32, 'v');

struct Connection {
  zhandle_t* zh = nullptr;
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  std::vector<double> latencies_us;
};

struct Pending {
  Connection* c;
  Clock::time_point start;
};

void done(Pending* p) {
  double us = std::chrono::duration<double, std::micro>(Clock::now() - p->start).count();
  std::lock_guard lock(p->c->mu);
  p->c->latencies_us.push_back(us);
  --p->c->in_flight;
  p->c->cv.notify_all();
  delete p;
}

void on_string(int, const char*, const void* d) {
  done(static_cast<Pending*>(const_cast<void*>(d)));
}
void on_stat(int, const Stat*, const void* d) {
  done(static_cast<Pending*>(const_cast<void*>(d)));
}
void on_data(int, const char*, int, const Stat*, const void* d) {
  done(static_cast<Pending*>(const_cast<void*>(d)));
}

void session_watcher(zhandle_t*, int, int, const char*, void*) {}

zhandle_t* connect(const std::string& hosts) {
  zhandle_t* zh = zookeeper_init(hosts.c_str(), session_watcher, 30000, nullptr, nullptr, 0);
  for (int i = 0; i < 10000 && zoo_state(zh) != ZOO_CONNECTED_STATE; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return zh;
}

enum class Op { kCreate, kSet, kGet };

struct Result {
  double ops_per_s = 0, p50_us = 0, p99_us = 0;
};

// Runs `per_conn` operations on each connection, pipelined up to kWindow.
Result run(std::vector<Connection>& conns, Op op, int per_conn, const std::string& prefix) {
  for (auto& c : conns) c.latencies_us.clear();
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (size_t ci = 0; ci < conns.size(); ++ci) {
    threads.emplace_back([&, ci] {
      Connection& c = conns[ci];
      for (int i = 0; i < per_conn; ++i) {
        {
          std::unique_lock lock(c.mu);
          c.cv.wait(lock, [&] { return c.in_flight < kWindow; });
          ++c.in_flight;
        }
        std::string path = prefix + std::to_string(ci) + "-" + std::to_string(i);
        auto* p = new Pending{&c, Clock::now()};
        int rc;
        if (op == Op::kCreate) {
          rc = zoo_acreate(c.zh, path.c_str(), kValue.data(), static_cast<int>(kValue.size()),
                           &ZOO_OPEN_ACL_UNSAFE, 0, on_string, p);
        } else if (op == Op::kSet) {
          rc = zoo_aset(c.zh, path.c_str(), kValue.data(), static_cast<int>(kValue.size()), -1,
                        on_stat, p);
        } else {
          rc = zoo_aget(c.zh, path.c_str(), 0, on_data, p);
        }
        if (rc != ZOK) {
          std::fprintf(stderr, "request failed to queue: %s\n", zerror(rc));
          done(p);
        }
      }
      std::unique_lock lock(c.mu);
      c.cv.wait(lock, [&] { return c.in_flight == 0; });
    });
  }
  for (auto& t : threads) t.join();
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& c : conns) all.insert(all.end(), c.latencies_us.begin(), c.latencies_us.end());
  std::sort(all.begin(), all.end());
  Result r;
  r.ops_per_s = double(all.size()) / secs;
  r.p50_us = all.empty() ? 0 : all[all.size() / 2];
  r.p99_us = all.empty() ? 0 : all[all.size() * 99 / 100];
  return r;
}

long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

struct ServerFigures {
  double start_ms = 0;
  long rss_kb_100k = 0;
  std::vector<std::pair<std::string, Result>> results;
};

ServerFigures measure(const std::string& binary) {
  ServerFigures f;
  std::fflush(stdout);  // the child must not inherit unwritten output
  zks::testing::ZkServerProcess server(binary);
  auto t0 = Clock::now();
  server.start(90000);
  f.start_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  const int kOps = std::getenv("BENCH_OPS") ? std::atoi(std::getenv("BENCH_OPS")) : 20000;
  for (int nconn : {1, 8}) {
    std::vector<Connection> conns(static_cast<size_t>(nconn));
    for (auto& c : conns) c.zh = connect(server.connect_string());
    std::string prefix = "/b" + std::to_string(nconn) + "-";
    int per = kOps / nconn;
    std::string tag = std::to_string(nconn) + " conn";
    f.results.emplace_back("create, " + tag, run(conns, Op::kCreate, per, prefix));
    std::fprintf(stderr, "%s: %s done\n", binary.c_str(), f.results.back().first.c_str());
    f.results.emplace_back("setData, " + tag, run(conns, Op::kSet, per, prefix));
    f.results.emplace_back("getData, " + tag, run(conns, Op::kGet, per, prefix));
    for (auto& c : conns) zookeeper_close(c.zh);
  }
  // Fill up to 100k znodes in total, then measure resident memory.
  std::vector<Connection> conns(8);
  for (auto& c : conns) c.zh = connect(server.connect_string());
  run(conns, Op::kCreate, (100000 - 2 * kOps) / 8, "/fill-");
  for (auto& c : conns) zookeeper_close(c.zh);
  f.rss_kb_100k = rss_kb(server.pid());
  server.stop();
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  std::string zkserver = argc > 1 ? argv[1] : ZKSERVER_BINARY;
  std::printf(
      "bench_zkserver: async C client, %d in flight per connection, 32-byte values, "
      "fsync on\n",
      kWindow);
  ServerFigures ours = measure(zkserver);
  ServerFigures theirs = measure("apache");
  std::printf("%-20s %12s %9s %9s | %12s %9s %9s | %6s\n", "workload", "zkserver/s", "p50 us",
              "p99 us", "apache/s", "p50 us", "p99 us", "ratio");
  for (size_t i = 0; i < ours.results.size(); ++i) {
    const auto& [name, a] = ours.results[i];
    const auto& b = theirs.results[i].second;
    std::printf("%-20s %12.0f %9.0f %9.0f | %12.0f %9.0f %9.0f | %6.2f\n", name.c_str(),
                a.ops_per_s, a.p50_us, a.p99_us, b.ops_per_s, b.p50_us, b.p99_us,
                a.ops_per_s / b.ops_per_s);
  }
  std::printf("%-20s %12.1f ms %21s %9.1f ms %10s 1/%.0f\n", "start to serving", ours.start_ms, "",
              theirs.start_ms, "", theirs.start_ms / ours.start_ms);
  std::printf("%-20s %12.1f MB %21s %9.1f MB %10s 1/%.1f\n", "RSS, 100k znodes",
              ours.rss_kb_100k / 1024.0, "", theirs.rss_kb_100k / 1024.0, "",
              double(theirs.rss_kb_100k) / double(ours.rss_kb_100k));
  return 0;
}
