// A small seeded pseudo-random generator (SplitMix64). Deterministic across platforms, so a
// seed reproduces a run exactly; the core and the simulator draw from it and nothing else.
#pragma once

#include <cstdint>

namespace zks::raft {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound); bound must be positive.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
  // True with probability percent/100.
  bool chance(unsigned percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

}  // namespace zks::raft
