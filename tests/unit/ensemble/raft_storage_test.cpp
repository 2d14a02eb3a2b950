#include "server/ensemble/raft_storage.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server/storage/hard_state.hpp"

namespace zks::ensemble {
namespace {

class RaftStorageTest : public ::testing::Test {
 protected:
  RaftStorageTest() {
    dir = std::filesystem::temp_directory_path() /
          ("zks-raft-storage-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    config.data_dir = config.data_log_dir = dir.string();
    ensemble.my_id = 1;
    ensemble.cluster_id = "zk-test";
  }
  ~RaftStorageTest() override { std::filesystem::remove_all(dir); }

  std::filesystem::path dir;
  ServerConfig config;
  EnsembleConfig ensemble;
  const raft::ConfState founding{{1, 2, 3}, {}};
};

TEST_F(RaftStorageTest, StartsFromTheFoundingConfigurationThenReloadsWhatWasPersisted) {
  {
    RaftStorage s(config, ensemble);
    RaftStorage::Loaded l = s.load(founding);
    EXPECT_TRUE(l.brand_new);
    EXPECT_TRUE(l.state.entries.empty());  // the founding configuration is index 0's
    EXPECT_EQ(l.state.snapshot.conf, founding);
    raft::Ready rd;
    rd.hard_state = raft::HardState{2, 1, 2};
    rd.entries = {{2, 1, raft::EntryType::kNormal, ""},
                  {2, 2, raft::EntryType::kNormal, ""},
                  {2, 3, raft::EntryType::kNormal, "x"}};
    s.persist(rd, "");
    raft::Ready conflict;  // a new leader replaces index 3
    conflict.hard_state = raft::HardState{3, 2, 2};
    conflict.entries = {{3, 3, raft::EntryType::kNormal, "y"}};
    s.persist(conflict, "");
  }
  RaftStorage s(config, ensemble);
  RaftStorage::Loaded l = s.load(founding);
  EXPECT_FALSE(l.brand_new);
  EXPECT_EQ(l.state.snapshot.conf, founding);
  EXPECT_EQ(l.state.hard_state.term, 3u);
  EXPECT_EQ(l.state.hard_state.vote, 2u);
  ASSERT_EQ(l.state.entries.size(), 3u);
  EXPECT_EQ(l.state.entries[2], (raft::Entry{3, 3, raft::EntryType::kNormal, "y"}));
}

TEST_F(RaftStorageTest, SnapshotsReplaceTheLogPrefixAndCarryTheConfiguration) {
  {
    RaftStorage s(config, ensemble);
    s.load(founding);
    raft::Ready rd;
    rd.hard_state = raft::HardState{2, 1, 3};
    rd.entries = {{2, 1, raft::EntryType::kNormal, ""},
                  {2, 2, raft::EntryType::kNormal, "a"},
                  {2, 3, raft::EntryType::kNormal, "b"}};
    s.persist(rd, "");
    s.save_snapshot({2, 2, founding}, encode_snapshot_image({founding, "image", "server.1=x"}));
  }
  RaftStorage s(config, ensemble);
  RaftStorage::Loaded l = s.load(founding);
  EXPECT_EQ(l.state.snapshot.index, 2u);
  EXPECT_EQ(l.state.snapshot.conf, founding);
  EXPECT_EQ(l.state_image, "image");
  EXPECT_EQ(l.config_text, "server.1=x");
  ASSERT_EQ(l.state.entries.size(), 1u);  // only what follows the snapshot
  EXPECT_EQ(l.state.entries[0].index, 3u);
  raft::SnapshotMeta meta;
  EXPECT_EQ(decode_snapshot_image(s.newest_snapshot(&meta))->state, "image");
  EXPECT_EQ(meta.index, 2u);
}

TEST_F(RaftStorageTest, RefusesAnotherClustersDirectoryAndNamesDamage) {
  { RaftStorage(config, ensemble).load(founding); }
  EnsembleConfig stranger = ensemble;
  stranger.cluster_id = "zk-other";
  try {
    RaftStorage s(config, stranger);
    FAIL() << "claimed another cluster's directory";
  } catch (const StorageFailure& e) {
    EXPECT_NE(std::string(e.what()).find("zk-test"), std::string::npos) << e.what();
  }
  std::ofstream((dir / "raft" / storage::kHardStateFileName).string(), std::ios::trunc) << "junk";
  try {
    RaftStorage s(config, ensemble);
    s.load(founding);
    FAIL() << "loaded a damaged hard state";
  } catch (const StorageFailure& e) {
    EXPECT_NE(std::string(e.what()).find(storage::kHardStateFileName), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace zks::ensemble
