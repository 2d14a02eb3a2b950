// CRC32C (Castagnoli polynomial, the checksum of iSCSI, ext4 and LevelDB), computed in
// software with slicing-by-8 tables. Extend() continues a running checksum so large inputs can
// be checksummed piece by piece: Extend(Value(a), b) == Value(a + b).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace zks::storage::crc32c {

uint32_t Extend(uint32_t crc, const char* data, size_t n);

inline uint32_t Value(const char* data, size_t n) {
  return Extend(0, data, n);
}
inline uint32_t Value(std::string_view s) {
  return Extend(0, s.data(), s.size());
}

}  // namespace zks::storage::crc32c
