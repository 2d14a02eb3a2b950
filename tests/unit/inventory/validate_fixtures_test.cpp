// Runs the real `zkdeploy validate` on every inventory under tests/inventories/bad (each must
// fail with exit 1) and tests/inventories/warn (each must pass with exit 0, warnings shown),
// comparing its whole output with the NAME.expected file beside the inventory.
// ZKD_UPDATE_EXPECTED=1 rewrites the expected files from the current output.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/inventory/run_zkdeploy.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(ZKD_SOURCE_DIR) / "tests" / "inventories";

// `zkdeploy --no-color validate NAME` in `dir`.
zkd::testing_support::CommandRun run_validate(const fs::path& dir, const std::string& name) {
  return zkd::testing_support::run_zkdeploy(dir, {"--no-color", "validate", name});
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> fixtures(const std::string& kind) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kFixtures / kind)) {
    if (e.path().extension() == ".yaml") names.push_back(kind + "/" + e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ValidateFixture : public testing::TestWithParam<std::string> {};

TEST_P(ValidateFixture, PrintsExpectedOutputAndExitCode) {
  const fs::path inventory = kFixtures / GetParam();
  const std::string name = inventory.filename().string();
  const bool bad = GetParam().starts_with("bad/");
  fs::path expected_path = inventory;
  expected_path.replace_extension(".expected");
  const auto run = run_validate(inventory.parent_path(), name);
  if (std::getenv("ZKD_UPDATE_EXPECTED") != nullptr) {
    std::ofstream(expected_path) << run.out;
  }
  EXPECT_EQ(run.exit_code, bad ? 1 : 0) << run.out;
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path;
  EXPECT_EQ(run.out, read_file(expected_path));
  const std::regex located("(^|\n)" + std::regex_replace(name, std::regex("[.]"), "\\.") +
                           ":[0-9]+:[0-9]+: " + (bad ? "error" : "warning") + ": ");
  EXPECT_TRUE(std::regex_search(run.out, located))
      << "no located " << (bad ? "error" : "warning") << " in:\n"
      << run.out;
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string s = info.param.substr(0, info.param.size() - 5);
  std::replace_if(
      s.begin(), s.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return s;
}

INSTANTIATE_TEST_SUITE_P(Bad, ValidateFixture, testing::ValuesIn(fixtures("bad")), test_name);
INSTANTIATE_TEST_SUITE_P(Warn, ValidateFixture, testing::ValuesIn(fixtures("warn")), test_name);

TEST(ValidateFixtures, AtLeastTwentyFiveBadInventories) {
  EXPECT_GE(fixtures("bad").size(), 25u);
}

TEST(ValidateExamples, EveryExampleInventoryIsValid) {
  const fs::path dir = fs::path(ZKD_SOURCE_DIR) / "inventories";
  size_t count = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    ++count;
    const auto run = run_validate(dir, e.path().filename().string());
    EXPECT_EQ(run.exit_code, 0) << e.path() << ":\n" << run.out;
    EXPECT_EQ(run.out.find(": error: "), std::string::npos) << run.out;
  }
  EXPECT_GE(count, 4u);
}

}  // namespace
