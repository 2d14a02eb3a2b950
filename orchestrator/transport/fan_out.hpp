// fan_out: runs one job per host on at most `forks` threads at once and reports every
// host's outcome, so that one slow or failing host neither stops nor hides the others.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace zkd {

// Default parallelism across hosts (the CLI's --forks).
constexpr int kDefaultForks = 16;

struct HostOutcome {
  bool ok = false;
  std::string error;  // the exception's message when !ok
};

// Calls job(i) for every i in [0, count), on min(forks, count) threads. An exception thrown
// by job(i) becomes outcome i's error. Returns when every job has finished.
std::vector<HostOutcome> fan_out(size_t count, int forks, const std::function<void(size_t)>& job);

}  // namespace zkd
