#include "server/protocol/reconfig_check.hpp"

#include <gtest/gtest.h>

namespace zks {
namespace {

Error check(const std::string& joining, const std::string& leaving,
            const std::string& new_members = "") {
  std::string why;
  Error e = check_reconfig(ReconfigRequest{joining, leaving, new_members, -1}, why);
  EXPECT_EQ(e == Error::kOk, why.empty()) << why;
  return e;
}

TEST(ReconfigCheck, OneServerJoiningOrLeavingIsAccepted) {
  EXPECT_EQ(check("server.4=127.0.0.4:2888:3888:participant;2181", ""), Error::kOk);
  EXPECT_EQ(check("", "4"), Error::kOk);
  EXPECT_EQ(check(" server.4=h4:2888:3888 ,", ""), Error::kOk);  // separators around one
}

TEST(ReconfigCheck, MoreThanOneServerOrNoneIsBadArguments) {
  EXPECT_EQ(check("server.4=h4:2888:3888,server.5=h5:2888:3888", ""), Error::kBadArguments);
  EXPECT_EQ(check("server.4=h4:2888:3888\nserver.5=h5:2888:3888", ""), Error::kBadArguments);
  EXPECT_EQ(check("server.4=h4:2888:3888", "3"), Error::kBadArguments);
  EXPECT_EQ(check("", "4,5"), Error::kBadArguments);
  EXPECT_EQ(check("", ""), Error::kBadArguments);
  EXPECT_EQ(check(" , ", ""), Error::kBadArguments);
}

TEST(ReconfigCheck, NonIncrementalModeIsRefusedWithAReason) {
  std::string why;
  ReconfigRequest r{"", "", "server.1=h1:2888:3888,server.2=h2:2888:3888", -1};
  EXPECT_EQ(check_reconfig(r, why), Error::kBadArguments);
  EXPECT_NE(why.find("non-incremental"), std::string::npos) << why;
}

}  // namespace
}  // namespace zks
