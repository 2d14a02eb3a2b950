#include "server/storage/data_dir_identity.hpp"

#include <gtest/gtest.h>

#include "tests/unit/storage/temp_dir.hpp"

namespace zks::storage {
namespace {

using testing::FlipBit;
using testing::TempDir;
using testing::WriteAll;

TEST(DataDirIdentity, FirstClaimCreatesLaterClaimsCheck) {
  TempDir dir;
  Env* env = Env::Default();
  WriteAll(dir / "myid", "2\n");  // placed by the deployer before the first start
  bool created = false;
  ASSERT_TRUE(ClaimDataDir(env, dir.path(), {"prod-east", 2}, &created).ok());
  EXPECT_TRUE(created);
  ASSERT_TRUE(ClaimDataDir(env, dir.path(), {"prod-east", 2}, &created).ok());
  EXPECT_FALSE(created);
  DataDirIdentity id;
  ASSERT_TRUE(ReadDataDirIdentity(env, dir.path(), &id).ok());
  EXPECT_EQ(id, (DataDirIdentity{"prod-east", 2}));
  EXPECT_TRUE(CreateDataDirIdentity(env, dir.path(), {"other", 1}).IsAlreadyExists());
}

TEST(DataDirIdentity, OnlyOneHolderOfTheDirectoryLock) {
  TempDir dir;
  Env* env = Env::Default();
  std::unique_ptr<FileLock> first, second;
  ASSERT_TRUE(LockDataDir(env, dir.path(), &first).ok());
  Status s = LockDataDir(env, dir.path(), &second);
  EXPECT_TRUE(s.IsIoError());
  EXPECT_NE(s.message().find(kLockFileName), std::string::npos) << s.message();
  first.reset();
  ASSERT_TRUE(LockDataDir(env, dir.path(), &second).ok());
  EXPECT_TRUE(ClaimDataDir(env, dir.path(), {"c", 1}).ok());  // the lock file is no state
}

TEST(DataDirIdentity, ForeignIdentityIsRefusedNamingBoth) {
  TempDir dir;
  Env* env = Env::Default();
  ASSERT_TRUE(ClaimDataDir(env, dir.path(), {"prod-east", 2}).ok());
  Status s = ClaimDataDir(env, dir.path(), {"prod-west", 2});
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("prod-east"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("prod-west"), std::string::npos) << s.message();
  EXPECT_TRUE(ClaimDataDir(env, dir.path(), {"prod-east", 3}).IsInvalidArgument());
}

TEST(DataDirIdentity, ExistingStateWithoutIdentityIsNeverBootstrappedOver) {
  for (const char* state : {"log.0000000000000001", "raft.hardstate", "version-2"}) {
    TempDir dir;
    WriteAll(dir / state, "x");
    Status s = ClaimDataDir(Env::Default(), dir.path(), {"c", 1});
    EXPECT_TRUE(s.IsInvalidArgument()) << state;
    EXPECT_NE(s.message().find(state), std::string::npos) << s.message();
  }
}

TEST(DataDirIdentity, DamagedIdentityIsCorruption) {
  TempDir dir;
  Env* env = Env::Default();
  ASSERT_TRUE(CreateDataDirIdentity(env, dir.path(), {"c", 1}).ok());
  FlipBit(dir / kIdentityFileName, 35, 1);
  Status s = ClaimDataDir(env, dir.path(), {"c", 1});
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find(kIdentityFileName), std::string::npos);
  EXPECT_TRUE(CreateDataDirIdentity(env, dir.path(), {"bad id", 1}).IsInvalidArgument());
}

}  // namespace
}  // namespace zks::storage
