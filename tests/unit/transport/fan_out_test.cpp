#include "orchestrator/transport/fan_out.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace zkd {
namespace {

TEST(FanOut, ReportsEveryOutcomeIncludingFailures) {
  auto outcomes = fan_out(10, 3, [](size_t i) {
    if (i % 4 == 1) throw std::runtime_error("host " + std::to_string(i) + " down");
  });
  ASSERT_EQ(outcomes.size(), 10u);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(outcomes[i].ok, i % 4 != 1) << i;
    if (i % 4 == 1) {
      EXPECT_EQ(outcomes[i].error, "host " + std::to_string(i) + " down");
    }
  }
}

TEST(FanOut, NeverRunsMoreThanForksAtOnce) {
  std::atomic<int> running{0}, peak{0};
  fan_out(40, 4, [&](size_t) {
    const int now = ++running;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
    --running;
  });
  EXPECT_LE(peak.load(), 4);
}

TEST(FanOut, RunsJobsConcurrently) {
  // Three jobs that each wait for all three to have started can only finish in parallel.
  std::mutex m;
  std::condition_variable cv;
  int started = 0;
  auto outcomes = fan_out(3, 3, [&](size_t) {
    std::unique_lock lock(m);
    ++started;
    cv.notify_all();
    if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return started == 3; })) {
      throw std::runtime_error("jobs ran one after another");
    }
  });
  for (const auto& o : outcomes) EXPECT_TRUE(o.ok) << o.error;
}

TEST(FanOut, ZeroJobs) {
  EXPECT_TRUE(fan_out(0, 8, [](size_t) {}).empty());
}

}  // namespace
}  // namespace zkd
