#include "orchestrator/util/ustar.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace zkd {
namespace {
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(Ustar, TarExtractsExactlyTheFilesAndModes) {
  const std::string binary = std::string("\0\xff\n", 3) + std::string(1000, 'x');
  UstarWriter w;
  w.add("zookeeper-3.8.0.jar", 0644, binary);
  w.add("empty", 0600, "");
  w.add(std::string(99, 'n'), 0755, "#!/bin/sh\n");
  const std::string archive = w.finish();
  EXPECT_EQ(archive.size() % 512, 0u);

  char tmpl[] = "/tmp/zkd-ustar-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const fs::path dir(tmpl);
  std::ofstream(dir / "a.tar", std::ios::binary) << archive;
  fs::create_directory(dir / "out");
  const std::string cmd = "tar -xf " + (dir / "a.tar").string() + " -C " + (dir / "out").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(slurp(dir / "out/zookeeper-3.8.0.jar"), binary);
  EXPECT_EQ(fs::file_size(dir / "out/empty"), 0u);
  EXPECT_EQ(slurp(dir / "out" / std::string(99, 'n')), "#!/bin/sh\n");
  EXPECT_EQ(fs::status(dir / "out" / std::string(99, 'n')).permissions() & fs::perms::owner_exec,
            fs::perms::owner_exec);
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "out")) ++files;
  EXPECT_EQ(files, 3u);
  fs::remove_all(dir);
}

TEST(Ustar, EqualInputsGiveEqualArchivesAndTheWriterStartsAfresh) {
  UstarWriter a, b;
  a.add("zookeeper.jar", 0644, "bytes");
  b.add("zookeeper.jar", 0644, "bytes");
  const std::string first = a.finish();
  EXPECT_EQ(first, b.finish());
  a.add("zookeeper.jar", 0644, "bytes");
  EXPECT_EQ(a.finish(), first);
  EXPECT_EQ(UstarWriter().finish(), std::string(1024, '\0'));  // the end-of-archive blocks
}

TEST(Ustar, RefusesNamesItCannotStoreFlat) {
  UstarWriter w;
  EXPECT_THROW(w.add("", 0644, "x"), std::invalid_argument);
  EXPECT_THROW(w.add("dir/file", 0644, "x"), std::invalid_argument);
  EXPECT_THROW(w.add(std::string(100, 'n'), 0644, "x"), std::invalid_argument);
}

}  // namespace
}  // namespace zkd
