#include "server/storage/crc32c.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zks::storage {
namespace {

TEST(Crc32c, MatchesPublishedCheckValues) {
  EXPECT_EQ(crc32c::Value("123456789"), 0xE3069283u);            // the standard CRC-32C check value
  EXPECT_EQ(crc32c::Value(std::string(32, '\0')), 0x8A9136AAu);  // RFC 3720 B.4
  EXPECT_EQ(crc32c::Value(std::string(32, '\xff')), 0x62A8AB43u);
}

TEST(Crc32c, ExtendEqualsWholeValue) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 7));
  for (size_t cut : {0ul, 1ul, 7ul, 8ul, 9ul, 500ul, 999ul, 1000ul}) {
    uint32_t crc =
        crc32c::Extend(crc32c::Value(data.data(), cut), data.data() + cut, data.size() - cut);
    EXPECT_EQ(crc, crc32c::Value(data)) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace zks::storage
