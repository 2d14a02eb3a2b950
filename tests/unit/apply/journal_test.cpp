#include "orchestrator/apply/journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace zkd {
namespace {

TEST(Journal, BeginLineCarriesRunStepAndPlace) {
  const auto j = Journal::line("run-1", 1'764'810'123'456, {"stop", "east", "zk2", "why"}, nullptr);
  EXPECT_EQ(j["run"], "run-1");
  EXPECT_EQ(j["event"], "begin");
  EXPECT_EQ(j["step"], "stop");
  EXPECT_EQ(j["cluster"], "east");
  EXPECT_EQ(j["host"], "zk2");
  EXPECT_EQ(j["detail"], "why");
  EXPECT_EQ(j["time"], "2025-12-04T01:02:03.456Z");
  EXPECT_FALSE(j.contains("ok"));
}

TEST(Journal, EndLineCarriesOutcomeAndDuration) {
  StepOutcome failed{false, "timeout", std::chrono::milliseconds(1500)};
  const auto j = Journal::line("r", 0, {"wait", "east", "zk1", ""}, &failed);
  EXPECT_EQ(j["event"], "end");
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["ms"], 1500);
  EXPECT_EQ(j["error"], "timeout");
  StepOutcome ok{true, "", std::chrono::milliseconds(3)};
  EXPECT_FALSE(Journal::line("r", 0, {"wait", "", "", ""}, &ok).contains("error"));
}

TEST(Journal, AppendsOneJsonObjectPerLine) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("zkd-journal-" + std::to_string(::getpid())) / "j.jsonl";
  {
    Journal journal(path, "r1");
    journal.begin({"stage", "east", "zk1", ""});
    journal.end({"stage", "east", "zk1", ""}, {true, "", std::chrono::milliseconds(2)});
  }
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  std::filesystem::remove_all(path.parent_path());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["event"], "begin");
  EXPECT_EQ(lines[1]["event"], "end");
  EXPECT_EQ(lines[1]["run"], "r1");
}

}  // namespace
}  // namespace zkd
