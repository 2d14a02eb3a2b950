// InputCursor: a command's input parts walked as one stream, as transports send it.
#include <gtest/gtest.h>

#include "orchestrator/transport/transport.hpp"

namespace zkd {
namespace {

// Everything the cursor yields, `max` bytes at most at a time.
std::string drain(const std::vector<std::string_view>& parts, size_t max) {
  InputCursor input(parts);
  std::string all;
  while (!input.done()) {
    const std::string_view chunk = input.next(max);
    EXPECT_FALSE(chunk.empty());
    EXPECT_LE(chunk.size(), max);
    all += chunk;
    input.advance(chunk.size());
    EXPECT_EQ(input.sent(), all.size());
  }
  EXPECT_TRUE(input.next(max).empty());
  return all;
}

TEST(InputCursor, YieldsThePartsInOrderAcrossChunkAndPartBoundaries) {
  const std::vector<std::string_view> parts = {"", "abcde", "", "", "f", "ghij", ""};
  for (size_t max : {1, 2, 3, 100}) EXPECT_EQ(drain(parts, max), "abcdefghij") << max;
}

TEST(InputCursor, NoPartsOrOnlyEmptyOnesIsDoneAtOnce) {
  const std::vector<std::string_view> none, empty = {"", ""};
  EXPECT_TRUE(InputCursor(none).done());
  EXPECT_TRUE(InputCursor(empty).done());
}

TEST(InputCursor, APartialWriteResumesWhereItStopped) {
  const std::vector<std::string_view> parts = {"abc", "def"};
  InputCursor input(parts);
  input.advance(2);
  EXPECT_EQ(input.next(10), "c");
  input.advance(1);
  EXPECT_EQ(input.next(10), "def");
  input.finish();
  EXPECT_TRUE(input.done());
  EXPECT_EQ(input.sent(), 3u);
}

}  // namespace
}  // namespace zkd
