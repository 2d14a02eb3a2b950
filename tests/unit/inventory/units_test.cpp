#include "orchestrator/inventory/units.hpp"

#include <gtest/gtest.h>

#include "orchestrator/inventory/suggest.hpp"

namespace zkd {
namespace {

using std::chrono::milliseconds;

TEST(Duration, ParsesUnitsAndCombinations) {
  EXPECT_EQ(parse_duration("250ms").value, milliseconds(250));
  EXPECT_EQ(parse_duration("10s").value, milliseconds(10'000));
  EXPECT_EQ(parse_duration("5m").value, milliseconds(300'000));
  EXPECT_EQ(parse_duration("1h").value, milliseconds(3'600'000));
  EXPECT_EQ(parse_duration("1m30s").value, milliseconds(90'000));
  EXPECT_EQ(parse_duration("2d").value, milliseconds(172'800'000));
  EXPECT_EQ(parse_duration("0s").value, milliseconds(0));
}

TEST(Duration, RejectsWithReason) {
  EXPECT_NE(parse_duration("10").error.find("needs a unit"), std::string::npos);
  EXPECT_NE(parse_duration("10 s").error.find("unit"), std::string::npos);
  EXPECT_NE(parse_duration("10parsecs").error.find("unknown duration unit 'parsecs'"),
            std::string::npos);
  EXPECT_FALSE(parse_duration("").ok());
  EXPECT_FALSE(parse_duration("-5s").ok());
  EXPECT_FALSE(parse_duration("s").ok());
  EXPECT_NE(parse_duration("400d").error.find("too long"), std::string::npos);
  EXPECT_NE(parse_duration("99999999999999999999999s").error, "");
}

TEST(Duration, FormatsShortestExactForm) {
  EXPECT_EQ(format_duration(milliseconds(90'000)), "1m30s");
  EXPECT_EQ(format_duration(milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(milliseconds(0)), "0s");
  EXPECT_EQ(parse_duration(format_duration(milliseconds(93'784'005))).value,
            milliseconds(93'784'005));
}

TEST(Size, ParsesBinaryAndDecimalUnits) {
  EXPECT_EQ(parse_size("4096").value, 4096u);
  EXPECT_EQ(parse_size("512KiB").value, 512u * 1024);
  EXPECT_EQ(parse_size("1K").value, 1024u);
  EXPECT_EQ(parse_size("1KB").value, 1000u);
  EXPECT_EQ(parse_size("64MiB").value, 64ull << 20);
  EXPECT_EQ(parse_size("2GiB").value, 2ull << 30);
  EXPECT_EQ(parse_size("3GB").value, 3'000'000'000ull);
  EXPECT_EQ(parse_size("1TiB").value, 1ull << 40);
}

TEST(Size, RejectsWithReason) {
  EXPECT_NE(parse_size("2 gigs").error.find("not a size"), std::string::npos);
  EXPECT_NE(parse_size("4XB").error.find("unknown size unit 'XB'"), std::string::npos);
  EXPECT_FALSE(parse_size("").ok());
  EXPECT_FALSE(parse_size("-1").ok());
  EXPECT_NE(parse_size("99999999999TiB").error.find("too large"), std::string::npos);
}

TEST(Suggest, FindsPlausibleTypos) {
  const std::array<std::string_view, 3> keys{"port", "user", "known_hosts"};
  EXPECT_EQ(closest_match("prot", keys), "port");
  EXPECT_EQ(closest_match("knownhosts", keys), "known_hosts");
  EXPECT_EQ(closest_match("USER", keys), "user");
  EXPECT_EQ(closest_match("banana", keys), "");
  EXPECT_EQ(did_you_mean("usr", keys), " (did you mean 'user'?)");
  EXPECT_EQ(did_you_mean("zzzzzz", keys), "");
}

}  // namespace
}  // namespace zkd
