// Golden-file tests: renders every example inventory (inventories/*.yaml) and the render
// feature inventory, and compares each host's files, paths and modes with
// tests/unit/render/golden/<inventory>/. ZKD_UPDATE_GOLDEN=1 rewrites the golden files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/renderer.hpp"

namespace zkd {
namespace {

namespace fs = std::filesystem;

const fs::path kSource(ZKD_SOURCE_DIR);
const fs::path kGolden = kSource / "tests/unit/render/golden";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_golden(const fs::path& file, const std::string& actual) {
  if (std::getenv("ZKD_UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << actual;
  }
  ASSERT_TRUE(fs::exists(file)) << "missing golden file " << file;
  EXPECT_EQ(actual, read_file(file)) << "differs from " << file;
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, RenderedFilesMatch) {
  const fs::path inventory = kSource / GetParam();
  const LoadResult loaded = load_inventory(inventory);
  ASSERT_TRUE(loaded.ok());
  const RenderResult rendered = render_inventory(loaded.inventory);
  ASSERT_TRUE(rendered.ok());
  const fs::path dir = kGolden / inventory.stem();
  std::string manifest;
  for (const RenderedHost& h : rendered.hosts) {
    for (const RenderedFile& f : h.files) {
      const std::string name = fs::path(f.path).filename().string();
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", f.mode);
      manifest += h.host->name + " " + f.path + " " + mode + "\n";
      check_golden(dir / h.host->name / name, f.content);
      if (f.display != f.content) check_golden(dir / h.host->name / (name + ".display"), f.display);
    }
  }
  check_golden(dir / "manifest", manifest);
}

INSTANTIATE_TEST_SUITE_P(Inventories, Golden,
                         testing::Values("inventories/local.yaml", "inventories/three-node.yaml",
                                         "inventories/five-node.yaml",
                                         "inventories/multi-cluster.yaml",
                                         "tests/unit/render/inventories/features.yaml",
                                         "tests/unit/render/inventories/systemd.yaml"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = fs::path(info.param).stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace zkd
