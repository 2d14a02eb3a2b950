// crash_writer DIR SEED: appends records to the RecordLog in DIR forever, continuing after the
// last index found there, in batches of random size, one Sync() per batch. After each Sync()
// it prints "acked <index>" (every record up to it is durable). From time to time it compacts
// the prefix and first prints "compact <index>". Meant to be killed with SIGKILL.
#include <cstdio>
#include <cstdlib>
#include <random>

#include "server/storage/record_log.hpp"
#include "tests/integration/storage/crash_payload.hpp"

using zks::storage::LogOpenReport;
using zks::storage::LogOptions;
using zks::storage::RecordLog;
using zks::storage::Status;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer DIR SEED\n");
    return 2;
  }
  LogOptions options;
  options.segment_bytes = 64 << 10;
  std::unique_ptr<RecordLog> log;
  LogOpenReport report;
  Status s = RecordLog::Open(argv[1], options, &log, &report);
  if (!s.ok()) {
    std::fprintf(stderr, "crash_writer: %s\n", s.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "crash_writer: opened: %s\n", report.ToString().c_str());
  std::mt19937_64 rng(std::strtoull(argv[2], nullptr, 10));
  uint64_t next = log->last_index() + 1;
  for (;;) {
    const uint64_t batch = 1 + rng() % 40;
    for (uint64_t i = 0; i < batch && s.ok(); ++i, ++next) {
      s = log->Append(next, next / 1000, zks::storage::crashtest::PayloadFor(next));
    }
    if (s.ok()) s = log->Sync();
    if (!s.ok()) {
      std::fprintf(stderr, "crash_writer: %s\n", s.ToString().c_str());
      return 1;
    }
    std::printf("acked %llu\n", static_cast<unsigned long long>(next - 1));
    std::fflush(stdout);
    if (rng() % 50 == 0 && next > 300) {
      std::printf("compact %llu\n", static_cast<unsigned long long>(next - 300));
      std::fflush(stdout);
      s = log->CompactPrefix(next - 300);
    }
  }
}
