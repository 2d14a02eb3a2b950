#include "server/admin/four_letter_words.hpp"

#include <gtest/gtest.h>

namespace zks {
namespace {

ServerStats sample() {
  ServerStats s;
  s.version = "3.8.0-zkserver-0.1.0, built on 2026-01-01 00:00 UTC";
  s.min_latency_ms = 0;
  s.avg_latency_ms = 12.94021;
  s.max_latency_ms = 393;
  s.received = 147080;
  s.sent = 147079;
  s.zxid = 0x10009cd92;
  s.node_count = 8;
  ConnectionStats c;
  c.remote = "/127.0.0.1:33914";
  c.idle = true;
  c.received = 1;
  s.connections.push_back(c);
  return s;
}

const std::set<std::string> kAll{"ruok", "srvr", "stat", "mntr", "conf",
                                 "envi", "cons", "isro", "wchs", "dirs"};

TEST(FourLetterWords, SrvrMatchesZooKeeperLayout) {
  EXPECT_EQ(run_four_letter_word("srvr", sample(), kAll),
            "Zookeeper version: 3.8.0-zkserver-0.1.0, built on 2026-01-01 00:00 UTC\n"
            "Latency min/avg/max: 0/12.9402/393\nReceived: 147080\nSent: 147079\n"
            "Connections: 1\nOutstanding: 0\nZxid: 0x10009cd92\nMode: standalone\n"
            "Node count: 8\n");
}

TEST(FourLetterWords, StatListsClientsThenSummary) {
  std::string out = run_four_letter_word("stat", sample(), kAll);
  EXPECT_NE(out.find("Clients:\n /127.0.0.1:33914[0](queued=0,recved=1,sent=0)\n\nLatency"),
            std::string::npos);
}

TEST(FourLetterWords, ConsShowsSessionDetails) {
  ServerStats s = sample();
  s.connections[0].idle = false;
  s.connections[0].session = 0x1000abc;
  s.connections[0].timeout_ms = 4000;
  std::string out = run_four_letter_word("cons", s, kAll);
  EXPECT_EQ(out.rfind(" /127.0.0.1:33914[1](queued=0,recved=1,sent=0,sid=0x1000abc,lop=NA,", 0),
            0u);
  EXPECT_NE(out.find(",to=4000,"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 3), ")\n\n");
}

TEST(FourLetterWords, LeaderReportsItsFollowersLikeZooKeeper) {
  ServerStats s = sample();
  s.mode = "leader";
  s.replication = ReplicationStats{3, 3, 2, 1, 0};
  EXPECT_NE(run_four_letter_word("srvr", s, kAll).find("\nMode: leader\n"), std::string::npos);
  std::string out = run_four_letter_word("mntr", s, kAll);
  EXPECT_EQ(out.rfind("zk_version\t", 0), 0u);
  for (const char* line : {"zk_server_state\tleader\nzk_peer_state\tleading - broadcast\n",
                           "zk_quorum_size\t3\n", "zk_learners\t3\n", "zk_synced_followers\t2\n",
                           "zk_synced_observers\t1\n", "zk_pending_syncs\t0\n"}) {
    EXPECT_NE(out.find(line), std::string::npos) << line;
  }
  s.mode = "follower";
  out = run_four_letter_word("mntr", s, kAll);
  EXPECT_NE(out.find("zk_peer_state\tfollowing - broadcast\n"), std::string::npos);
  EXPECT_EQ(out.find("zk_synced_followers"), std::string::npos);  // leader only
}

TEST(FourLetterWords, WithoutQuorumAnswersAsZooKeeperDoes) {
  ServerStats s = sample();
  s.serving = false;
  for (const char* w : {"srvr", "stat", "mntr", "conf", "cons", "wchs", "dirs"}) {
    EXPECT_EQ(run_four_letter_word(w, s, kAll),
              "This ZooKeeper instance is not currently serving requests\n")
        << w;
  }
  EXPECT_EQ(run_four_letter_word("ruok", s, kAll), "imok");
  EXPECT_EQ(run_four_letter_word("isro", s, kAll), "null");
}

TEST(FourLetterWords, SimpleWordsAndWhitelist) {
  EXPECT_EQ(run_four_letter_word("ruok", sample(), kAll), "imok");
  EXPECT_EQ(run_four_letter_word("isro", sample(), kAll), "rw");
  EXPECT_EQ(run_four_letter_word("ruok", sample(), {"srvr"}),
            "ruok is not executed because it is not in the whitelist.\n");
  EXPECT_EQ(run_four_letter_word("wchs", sample(), kAll),
            "0 connections watching 0 paths\nTotal watches:0\n");
  EXPECT_EQ(run_four_letter_word("dirs", sample(), kAll), "datadir_size: 0\nlogdir_size: 0\n");
  EXPECT_TRUE(is_four_letter_word("mntr"));
  EXPECT_FALSE(is_four_letter_word("\0\0\0\x2c"));
}

TEST(FourLetterWords, MntrIsTabSeparated) {
  std::string out = run_four_letter_word("mntr", sample(), kAll);
  EXPECT_EQ(out.rfind("zk_version\t3.8.0-zkserver", 0), 0u);
  EXPECT_NE(out.find("\nzk_server_state\tstandalone\n"), std::string::npos);
  EXPECT_NE(out.find("\nzk_znode_count\t8\n"), std::string::npos);
  EXPECT_NE(out.find("\nzk_avg_latency\t12.9402\n"), std::string::npos);
}

TEST(FourLetterWords, JavaDoubleFormatting) {
  EXPECT_EQ(java_double(550.0), "550.0");
  EXPECT_EQ(java_double(0.0), "0.0");
  EXPECT_EQ(java_double(0.01744), "0.0174");
  EXPECT_EQ(java_double(2.5), "2.5");
}

}  // namespace
}  // namespace zks
