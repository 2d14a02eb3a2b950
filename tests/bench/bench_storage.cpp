// bench_storage: RecordLog throughput with group commit. For each batch size (records per
// Sync) and payload size it appends for a fixed time with fsync on and prints appends/s, MB/s
// and the p50/p99 latency of Sync(). The log lives under $TMPDIR (default /tmp).
// The rows marked "busy" run a spinning thread alongside: on virtual machines an fdatasync
// that lets the CPU go idle can pay milliseconds of wake-up latency that a busy CPU (a JVM,
// a loaded server) does not; both figures are printed so comparisons are fair.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "server/storage/record_log.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using zks::storage::LogOptions;
using zks::storage::RecordLog;

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(k), v.end());
  return v[k];
}

// Keeps one CPU busy while it lives.
class Spinner {
 public:
  Spinner()
      : thread_([this] {
          while (!stop_.load(std::memory_order_relaxed)) {
          }
        }) {}
  ~Spinner() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

int Run(const std::string& dir, size_t batch, size_t payload_size, bool force_sync, bool busy,
        double seconds) {
  std::unique_ptr<Spinner> spinner = busy ? std::make_unique<Spinner>() : nullptr;
  std::filesystem::remove_all(dir);
  LogOptions options;
  options.force_sync = force_sync;
  std::unique_ptr<RecordLog> log;
  zks::storage::Status s = RecordLog::Open(dir, options, &log);
  const std::string payload(payload_size, 'p');
  std::vector<double> sync_us;
  uint64_t index = 0;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  while (s.ok() && Clock::now() < end) {
    for (size_t i = 0; i < batch && s.ok(); ++i) s = log->Append(++index, 1, payload);
    const auto t0 = Clock::now();
    if (s.ok()) s = log->Sync();
    sync_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (!s.ok()) {
    std::fprintf(stderr, "bench_storage: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("%6zu %8zu %6s %5s %12.0f %9.1f %10.0f %10.0f %9zu\n", batch, payload_size,
              force_sync ? "on" : "off", busy ? "busy" : "idle",
              static_cast<double>(index) / elapsed,
              static_cast<double>(index * payload_size) / elapsed / 1e6, Percentile(sync_us, 0.50),
              Percentile(sync_us, 0.99), sync_us.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir =
      std::string(tmp != nullptr ? tmp : "/tmp") + "/zks-bench-storage-" + std::to_string(getpid());
  std::printf("RecordLog group commit, %.1f s per row, log in %s\n", seconds, dir.c_str());
  std::printf("%6s %8s %6s %5s %12s %9s %10s %10s %9s\n", "batch", "payload", "fsync", "cpu",
              "appends/s", "MB/s", "sync p50us", "sync p99us", "syncs");
  int rc = 0;
  for (bool busy : {false, true}) {
    for (size_t payload : {100, 1024}) {
      for (size_t batch : {1, 16, 256}) rc |= Run(dir, batch, payload, true, busy, seconds);
    }
  }
  rc |= Run(dir, 256, 100, false, false, seconds);
  std::filesystem::remove_all(dir);
  return rc;
}
