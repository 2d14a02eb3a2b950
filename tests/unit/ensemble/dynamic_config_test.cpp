#include "server/ensemble/dynamic_config.hpp"

#include <gtest/gtest.h>

namespace zks::ensemble {
namespace {

const std::vector<Member> kKnown{
    {3, "h3", 2888, 3888, false, 0, ""},
    {1, "h1", 2888, 3888, false, 2181, ""},
    {2, "h2", 2889, 3889, false, 2182, "10.0.0.2"},
};

TEST(DynamicConfig, ServerLinesFollowZooKeeperSyntax) {
  EXPECT_EQ(server_line(kKnown[0]), "server.3=h3:2888:3888:participant");
  EXPECT_EQ(server_line(kKnown[1]), "server.1=h1:2888:3888:participant;0.0.0.0:2181");
  Member observer = kKnown[2];
  observer.observer = true;
  EXPECT_EQ(server_line(observer), "server.2=h2:2889:3889:observer;10.0.0.2:2182");
}

TEST(DynamicConfig, TextListsTheConfigurationInForceSortedWithItsVersion) {
  raft::ConfState conf;
  conf.voters = {1, 3};
  conf.learners = {2};
  const std::string text = dynamic_config_text(members_in(kKnown, conf));
  EXPECT_EQ(text,
            "server.1=h1:2888:3888:participant;0.0.0.0:2181\n"
            "server.2=h2:2889:3889:observer;10.0.0.2:2182\n"
            "server.3=h3:2888:3888:participant\n"
            "version=" +
                cluster_id_of(members_in(kKnown, conf)).substr(3));
}

TEST(DynamicConfig, VersionChangesWithTheMembershipOnly) {
  raft::ConfState all, two;
  all.voters = {1, 2, 3};
  two.voters = {1, 2};
  auto version = [](const std::string& text) { return text.substr(text.rfind("version=")); };
  const std::string a = dynamic_config_text(members_in(kKnown, all));
  EXPECT_EQ(version(a).size(), std::string("version=").size() + 8);
  std::vector<Member> reordered{kKnown[2], kKnown[1], kKnown[0]};
  EXPECT_EQ(dynamic_config_text(members_in(reordered, all)), a);  // the same on every member
  const std::string b = dynamic_config_text(members_in(kKnown, two));
  EXPECT_NE(version(b), version(a));
  EXPECT_EQ(b.find("server.3"), std::string::npos);  // no longer a member
}

}  // namespace
}  // namespace zks::ensemble
