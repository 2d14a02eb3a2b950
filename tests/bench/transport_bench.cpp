// Transport benchmark on real sshd test hosts: `zkdeploy ping` over 30 hosts, and a 20 MB
// atomic upload to 9 hosts in parallel. Prints figures; asserts nothing.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/ping.hpp"
#include "orchestrator/transport/remote_files.hpp"
#include "orchestrator/transport/ssh_transport.hpp"
#include "tests/harness/test_hosts.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// CPU seconds this process (the zkdeploy side) has used so far.
double own_cpu() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void bench_ping(const zkd::testing::TestHosts& hosts, int forks) {
  std::vector<zkd::PingTarget> targets;
  for (size_t i = 0; i < hosts.size(); ++i)
    targets.push_back({hosts.target(i), hosts[i].install_root});
  for (int round = 0; round < 3; ++round) {
    const auto start = Clock::now();
    const double cpu = own_cpu();
    const auto results = zkd::ping_hosts(targets, forks);
    const double wall = seconds_since(start);
    const double client_cpu = own_cpu() - cpu;
    size_t ok = 0;
    double worst = 0;
    for (const auto& r : results) {
      ok += r.reachable;
      worst = std::max(worst, r.connect_ms + r.rtt_ms);
    }
    std::printf(
        "ping %zu hosts, forks %2d: %.3f s wall, %zu reachable, slowest host %.1f ms, "
        "client CPU %.3f s\n",
        results.size(), forks, wall, ok, worst, client_cpu);
  }
}

void bench_upload(const zkd::testing::TestHosts& hosts, size_t count, size_t bytes) {
  std::string content(bytes, '\0');
  for (size_t i = 0; i < bytes; ++i) content[i] = static_cast<char>((i * 2654435761u) >> 13);
  std::vector<std::unique_ptr<zkd::SshTransport>> transports;
  for (size_t i = 0; i < count; ++i) {
    transports.push_back(std::make_unique<zkd::SshTransport>(hosts.target(i)));
  }
  zkd::fan_out(count, static_cast<int>(count), [&](size_t i) { transports[i]->connect(); });
  for (int round = 0; round < 2; ++round) {
    const auto start = Clock::now();
    zkd::fan_out(count, static_cast<int>(count), [&](size_t i) {
      zkd::ExecRequest r;
      r.argv = {"sh", "-c", "cat >/dev/null"};
      r.stdin_data = {content};
      transports[i]->exec(r);
    });
    const double wall = seconds_since(start);
    std::printf("stream %zu MB to %zu hosts (cat > /dev/null): %.3f s wall, %.0f MB/s aggregate\n",
                bytes / 1000000, count, wall, static_cast<double>(bytes * count) / 1e6 / wall);
  }
  for (int round = 0; round < 3; ++round) {
    const auto start = Clock::now();
    const double cpu = own_cpu();
    const auto outcomes = zkd::fan_out(count, static_cast<int>(count), [&](size_t i) {
      zkd::write_file_atomic(*transports[i], hosts[i].install_root + "/zkserver", content,
                             {.mode = 0755, .on_progress = {}});
    });
    const double wall = seconds_since(start);
    size_t ok = 0;
    for (const auto& o : outcomes) {
      ok += o.ok;
      if (!o.ok) std::printf("  upload failed: %s\n", o.error.c_str());
    }
    std::printf(
        "upload %zu MB to %zu hosts in parallel: %.3f s wall, %.0f MB/s aggregate (%zu ok), "
        "client CPU %.3f s\n",
        bytes / 1000000, count, wall, static_cast<double>(bytes * ok) / 1e6 / wall, ok,
        own_cpu() - cpu);
  }
}

}  // namespace

int main() {
  zkd::testing::TestHosts hosts(30);
  bench_ping(hosts, 30);
  bench_ping(hosts, zkd::kDefaultForks);
  bench_upload(hosts, 9, 20'000'000);
  return 0;
}
