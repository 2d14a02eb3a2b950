// Real-process crash test: crash_writer appends and syncs records, announcing each
// acknowledged index; the test kills it with SIGKILL at an arbitrary moment, reopens the log
// and checks that every acknowledged record is present and intact. Several rounds on the same
// directory, so each round also recovers whatever the previous kill left behind.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "server/storage/record_log.hpp"
#include "tests/integration/storage/crash_payload.hpp"

namespace zks::storage {
namespace {

using Clock = std::chrono::steady_clock;

// The writer process, its stdout read line by line with a deadline.
class Writer {
 public:
  Writer(const std::string& dir, uint64_t seed) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    std::string seed_text = std::to_string(seed);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::execl(ZKS_CRASH_WRITER, ZKS_CRASH_WRITER, dir.c_str(), seed_text.c_str(), nullptr);
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Writer() {
    Kill();
    if (out_ >= 0) ::close(out_);
  }
  bool started() const { return pid_ > 0; }

  // Next line of output, or false at end of output or when the deadline passes.
  bool ReadLine(std::string* line, Clock::time_point deadline) {
    for (;;) {
      size_t nl = buffer_.find('\n');
      if (nl != std::string::npos) {
        *line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return true;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      ssize_t n = ::read(out_, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

class TempDirectory {
 public:
  TempDirectory() {
    std::string tmpl = std::filesystem::temp_directory_path() / "zks-crash-XXXXXX";
    path_ = ::mkdtemp(tmpl.data()) != nullptr ? tmpl : "";
  }
  ~TempDirectory() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(RecordLogCrash, EveryAcknowledgedRecordSurvivesKillNine) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  std::mt19937_64 rng(std::random_device{}());
  const auto test_deadline = Clock::now() + std::chrono::seconds(20);
  uint64_t acked = 0;
  uint64_t compacted = 0;
  int rounds = 0;
  int torn_tails = 0;
  for (; rounds < 40 && Clock::now() < test_deadline; ++rounds) {
    const uint64_t seed = rng();
    SCOPED_TRACE("round " + std::to_string(rounds) + " seed " + std::to_string(seed));
    Writer writer(dir.path(), seed);
    ASSERT_TRUE(writer.started());
    // Let it acknowledge a random number of batches, then kill it wherever it is.
    const int wanted = 1 + static_cast<int>(rng() % 150);
    std::string line;
    auto note = [&](const std::string& l) {
      unsigned long long n = std::strtoull(l.c_str() + l.find(' ') + 1, nullptr, 10);
      if (l.starts_with("compact ")) compacted = n;
      if (!l.starts_with("acked ")) return false;
      EXPECT_GT(n, acked);
      acked = n;
      return true;
    };
    for (int seen = 0; seen < wanted;) {
      ASSERT_TRUE(writer.ReadLine(&line, Clock::now() + std::chrono::seconds(10)))
          << "writer stopped or stalled after acknowledging " << acked;
      seen += note(line);
    }
    writer.Kill();
    // What it printed before dying was acknowledged (or compacted) too.
    while (writer.ReadLine(&line, Clock::now() + std::chrono::seconds(10))) note(line);

    LogOpenReport report;
    std::unique_ptr<RecordLog> log;
    Status s = RecordLog::Open(dir.path(), LogOptions(), &log, &report);
    ASSERT_TRUE(s.ok()) << s.ToString();
    torn_tails += report.torn_tail;
    ASSERT_GE(log->last_index(), acked) << report.ToString();
    ASSERT_LE(log->first_index(), compacted + 1);
    std::vector<Record> records;
    ASSERT_TRUE(log->Read(log->first_index(), log->last_index(), &records).ok());
    ASSERT_EQ(records.size(), log->last_index() - log->first_index() + 1) << "gap in the log";
    for (const Record& r : records) {
      ASSERT_EQ(r.index, records.front().index + (&r - &records.front()));
      ASSERT_EQ(r.payload, crashtest::PayloadFor(r.index)) << "record " << r.index;
    }
  }
  EXPECT_GE(rounds, 3);
  std::printf("%d rounds, %llu records acknowledged, %d torn tails cut\n", rounds,
              static_cast<unsigned long long>(acked), torn_tails);
  RecordProperty("rounds", rounds);
  RecordProperty("acknowledged", static_cast<int>(acked));
  RecordProperty("torn_tails", torn_tails);
}

}  // namespace
}  // namespace zks::storage
