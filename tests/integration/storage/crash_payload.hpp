// The payload the crash writer stores at each index: derived from the index alone, with a
// length that varies (0..~2 KiB), so the checker can verify every record byte for byte.
#pragma once

#include <cstdint>
#include <string>

namespace zks::storage::crashtest {

inline std::string PayloadFor(uint64_t index) {
  uint64_t h = index * 0x9E3779B97F4A7C15ull;
  std::string p(static_cast<size_t>((h >> 40) % 2048), '\0');
  for (char& c : p) {
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    c = static_cast<char>(h >> 56);
  }
  return p;
}

}  // namespace zks::storage::crashtest
