// Deadline: a point in time an operation must finish by, remembering the budget it was
// given so that timeout messages can state the configured limit.
#pragma once

#include <chrono>
#include <string>

namespace zkd {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Deadline(std::chrono::milliseconds budget)
      : budget_(budget), at_(Clock::now() + budget) {}

  bool expired() const { return Clock::now() >= at_; }
  std::chrono::milliseconds left() const {
    auto d = std::chrono::duration_cast<std::chrono::milliseconds>(at_ - Clock::now());
    return d.count() > 0 ? d : std::chrono::milliseconds(0);
  }
  std::chrono::milliseconds budget() const { return budget_; }
  std::string describe() const { return format_duration(budget_); }

  static std::string format_duration(std::chrono::milliseconds d) {
    if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
    return std::to_string(d.count()) + "ms";
  }

 private:
  std::chrono::milliseconds budget_;
  Clock::time_point at_;
};

}  // namespace zkd
