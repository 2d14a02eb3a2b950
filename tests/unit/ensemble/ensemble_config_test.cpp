#include "server/ensemble/ensemble_config.hpp"

#include <gtest/gtest.h>

namespace zks::ensemble {
namespace {

ServerConfig three(const std::string& extra = "") {
  ServerConfig c = parse_config(
      "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/d\nclientPort=2181\n"
      "server.1=h1:2888:3888\nserver.2=h2:2888:3888\nserver.3=h3:2888:3888:observer\n" +
          extra,
      "zoo.cfg");
  c.my_id = 2;
  return c;
}

TEST(EnsembleConfig, TimingFollowsTickTimeAndLimits) {
  Timing t = timing_for(2000, 10, 5);
  EXPECT_EQ(t.tick_ms, 200);                       // tickTime / 10
  EXPECT_EQ(t.heartbeat_ticks * t.tick_ms, 1000);  // tickTime / 2
  EXPECT_EQ(t.election_ticks * t.tick_ms, 10000);  // syncLimit x tickTime
  EXPECT_EQ(t.forward_timeout_ms, 20000);          // initLimit x tickTime
  EXPECT_EQ(t.touch_interval_ms, 1000);
  Timing fast = timing_for(5, 1, 1);  // tiny ticks stay valid for the core
  EXPECT_GE(fast.tick_ms, 1);
  EXPECT_GT(fast.election_ticks, fast.heartbeat_ticks);
}

TEST(EnsembleConfig, ObserversAreLearnersAndTheClusterIdNamesTheMemberList) {
  EnsembleConfig e = make_ensemble_config(three());
  EXPECT_EQ(e.initial_conf().voters, (std::set<raft::NodeId>{1, 2}));
  EXPECT_EQ(e.initial_conf().learners, (std::set<raft::NodeId>{3}));
  EXPECT_EQ(e.self().host, "h2");
  EnsembleConfig other = e;
  other.members[0].quorum_port = 2889;
  EXPECT_NE(cluster_id_of(other.members), e.cluster_id);
  std::vector<Member> shuffled{e.members[2], e.members[0], e.members[1]};
  EXPECT_EQ(cluster_id_of(shuffled), e.cluster_id);  // order in zoo.cfg does not matter
}

TEST(EnsembleConfig, ErrorsNameTheFileAndKey) {
  ServerConfig c = three();
  c.my_id = 9;
  try {
    make_ensemble_config(c);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("zoo.cfg: myid 9 has no server.9 line"),
              std::string::npos);
  }
  ServerConfig no_sync = three();
  no_sync.sync_limit = 0;
  EXPECT_THROW(make_ensemble_config(no_sync), ConfigError);
}

}  // namespace
}  // namespace zks::ensemble
