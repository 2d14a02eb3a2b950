#include "server/storage/hard_state.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>

#include "tests/unit/storage/fault_env.hpp"
#include "tests/unit/storage/temp_dir.hpp"

namespace zks::storage {
namespace {

using testing::FaultEnv;
using testing::FlipBit;
using testing::Op;
using testing::TempDir;

TEST(HardState, RoundTripsAndReplacesAtomically) {
  TempDir dir;
  Env* env = Env::Default();
  HardState loaded;
  EXPECT_TRUE(LoadHardState(env, dir.path(), &loaded).IsNotFound());
  ASSERT_TRUE(SaveHardState(env, dir.path(), {3, 2, 17}).ok());
  ASSERT_TRUE(SaveHardState(env, dir.path(), {4, 0, 18}).ok());
  ASSERT_TRUE(LoadHardState(env, dir.path(), &loaded).ok());
  EXPECT_EQ(loaded, (HardState{4, 0, 18}));
  EXPECT_FALSE(std::filesystem::exists(dir / "raft.hardstate.tmp"));
}

TEST(HardState, EveryFlippedBitIsReportedAsCorruption) {
  TempDir dir;
  Env* env = Env::Default();
  ASSERT_TRUE(SaveHardState(env, dir.path(), {7, 1, 99}).ok());
  const std::string path = dir / kHardStateFileName;
  for (size_t at = 0; at < 44; ++at) {
    FlipBit(path, at, static_cast<int>(at % 8));
    HardState loaded;
    Status s = LoadHardState(env, dir.path(), &loaded);
    EXPECT_TRUE(s.IsCorruption()) << "byte " << at;
    EXPECT_NE(s.message().find(path), std::string::npos);
    FlipBit(path, at, static_cast<int>(at % 8));
  }
  std::filesystem::resize_file(path, 43);
  HardState loaded;
  EXPECT_TRUE(LoadHardState(env, dir.path(), &loaded).IsCorruption());
}

TEST(HardState, FailedSaveKeepsThePreviousState) {
  TempDir dir;
  FaultEnv env;
  ASSERT_TRUE(SaveHardState(&env, dir.path(), {1, 1, 1}).ok());
  for (Op op : {Op::kCreate, Op::kAppend, Op::kSync, Op::kRename, Op::kSyncDir}) {
    env.hook = [op](Op o, const std::string&) { return o == op ? ENOSPC : 0; };
    Status s = SaveHardState(&env, dir.path(), {2, 2, 2});
    EXPECT_EQ(s.sys_errno(), ENOSPC) << static_cast<int>(op);
    env.hook = nullptr;
    HardState loaded;
    ASSERT_TRUE(LoadHardState(&env, dir.path(), &loaded).ok());
    // Only a failed directory sync may leave the new state in place (the rename happened).
    if (op != Op::kSyncDir) {
      EXPECT_EQ(loaded, (HardState{1, 1, 1}));
    }
    ASSERT_TRUE(SaveHardState(&env, dir.path(), {1, 1, 1}).ok());
  }
}

}  // namespace
}  // namespace zks::storage
