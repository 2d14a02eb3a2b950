#include "orchestrator/plan/unified_diff.hpp"

#include <gtest/gtest.h>

namespace zkd {
namespace {

std::string numbered(int from, int to) {
  std::string text;
  for (int i = from; i <= to; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

TEST(UnifiedDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unified_diff("a", "x\n", "b", "x\n"), "");
}

TEST(UnifiedDiff, OneChangeWithThreeLinesOfContext) {
  std::string after = numbered(1, 10);
  after.replace(after.find("line 5"), 6, "LINE 5");
  EXPECT_EQ(unified_diff("/etc/zoo.cfg", numbered(1, 10), "/etc/zoo.cfg", after),
            "--- /etc/zoo.cfg\n"
            "+++ /etc/zoo.cfg\n"
            "@@ -2,7 +2,7 @@\n"
            " line 2\n line 3\n line 4\n-line 5\n+LINE 5\n line 6\n line 7\n line 8\n");
}

TEST(UnifiedDiff, DistantChangesMakeTwoHunksCloseOnesOne) {
  std::string far = numbered(1, 20);
  far.replace(far.find("line 2\n"), 7, "");
  far += "line 21\n";
  EXPECT_EQ(unified_diff("a", numbered(1, 20), "b", far),
            "--- a\n+++ b\n"
            "@@ -1,5 +1,4 @@\n line 1\n-line 2\n line 3\n line 4\n line 5\n"
            "@@ -18,3 +17,4 @@\n line 18\n line 19\n line 20\n+line 21\n");

  std::string near = numbered(1, 12);
  near.replace(near.find("line 2\n"), 7, "");
  near.replace(near.find("line 9\n"), 7, "");  // six unchanged lines apart: one hunk
  EXPECT_EQ(unified_diff("a", numbered(1, 12), "b", near),
            "--- a\n+++ b\n"
            "@@ -1,12 +1,10 @@\n line 1\n-line 2\n line 3\n line 4\n line 5\n line 6\n"
            " line 7\n line 8\n-line 9\n line 10\n line 11\n line 12\n");
}

TEST(UnifiedDiff, CreatedFileAndMissingFinalNewline) {
  EXPECT_EQ(unified_diff("/dev/null", "", "/data/myid", "3\n"),
            "--- /dev/null\n+++ /data/myid\n@@ -0,0 +1 @@\n+3\n");
  EXPECT_EQ(unified_diff("a", "x\ny", "b", "x\ny\n"),
            "--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n");
}

TEST(UnifiedDiff, ReplacementPrintsDeletionsBeforeAdditions) {
  EXPECT_EQ(unified_diff("a", "k=1\nm=2\n", "b", "k=3\nm=4\n"),
            "--- a\n+++ b\n@@ -1,2 +1,2 @@\n-k=1\n-m=2\n+k=3\n+m=4\n");
}

}  // namespace
}  // namespace zkd
