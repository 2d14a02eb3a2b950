#include "orchestrator/inventory/safe_values.hpp"

#include <gtest/gtest.h>

#include "orchestrator/inventory/config_keys.hpp"
#include "orchestrator/inventory/secret.hpp"

namespace zkd {
namespace {

TEST(SafeValues, Names) {
  for (auto ok : {"zk1", "zk-prod.1", "east_2", "9lives"}) EXPECT_EQ(check_name(ok), "") << ok;
  for (auto bad : {"", "-zk", ".zk", "zk 1", "zk;1", "zk/1", "a$(b)", "zk\n1"}) {
    EXPECT_NE(check_name(bad), "") << bad;
  }
  EXPECT_NE(check_name(std::string(65, 'a')), "");
}

TEST(SafeValues, Addresses) {
  for (auto ok : {"10.0.0.1", "127.0.0.11", "zk1.example.com", "localhost", "::1", "fe80::1",
                  "2001:db8::42"}) {
    EXPECT_EQ(check_address(ok), "") << ok;
  }
  for (auto bad : {"", "10.0.0.256", "1.2.3", "-oProxyCommand=x", "a..b", "host_name",
                   "10.0.0.1 && reboot", "::g", "[::1]", "a-.b", "host;id"}) {
    EXPECT_NE(check_address(bad), "") << bad;
  }
  EXPECT_TRUE(is_ipv6_literal("::1"));
  EXPECT_FALSE(is_ipv6_literal("10.0.0.1"));
}

TEST(SafeValues, RemotePaths) {
  for (auto ok : {"/opt/zkdeploy", "/tmp/zkdeploy-local/hosts/zk1", "/a/b.c/d_e+f@g", "/"}) {
    EXPECT_EQ(check_remote_path(ok), "") << ok;
  }
  EXPECT_NE(check_remote_path("opt/zk").find("absolute"), std::string::npos);
  EXPECT_NE(check_remote_path("/opt/../etc").find(".."), std::string::npos);
  EXPECT_NE(check_remote_path("/opt/..").find(".."), std::string::npos);
  EXPECT_EQ(check_remote_path("/opt/..x"), "");
  for (auto bad : {"/opt/$(id)", "/opt/a b", "/opt/`id`", "/opt/a;b", "/opt/'a'", "/opt/\na"}) {
    EXPECT_NE(check_remote_path(bad).find("only letters"), std::string::npos) << bad;
  }
}

TEST(SafeValues, Users) {
  for (auto ok : {"root", "zk_deploy", "_svc", "ops-1"}) EXPECT_EQ(check_user(ok), "") << ok;
  for (auto bad : {"", "1root", "root;id", "a b", "-x"}) EXPECT_NE(check_user(bad), "") << bad;
}

TEST(SafeValues, ConfigValuesCannotInjectLines) {
  EXPECT_EQ(check_config_value("org.apache.Foo"), "");
  EXPECT_NE(check_config_value("a\nserver.9=x:1:2"), "");
  EXPECT_NE(check_config_value("a\rb"), "");
  EXPECT_NE(check_config_value(std::string("a\0b", 3)), "");
  EXPECT_NE(check_config_value("C:\\path"), "");
  EXPECT_NE(check_config_key("a=b"), "");
  EXPECT_NE(check_config_key("a b"), "");
}

TEST(ConfigKeys, ConvertsTypedValues) {
  EXPECT_EQ(convert_config_value(ConfigType::milliseconds, "2s").value, "2000");
  EXPECT_EQ(convert_config_value(ConfigType::milliseconds, "2500").value, "2500");
  EXPECT_EQ(convert_config_value(ConfigType::bytes, "4MiB").value, "4194304");
  EXPECT_EQ(convert_config_value(ConfigType::kilobytes, "64MiB").value, "65536");
  EXPECT_EQ(convert_config_value(ConfigType::kilobytes, "100").value, "100");
  EXPECT_FALSE(convert_config_value(ConfigType::kilobytes, "1000B").ok());
  EXPECT_FALSE(convert_config_value(ConfigType::port, "0").ok());
  EXPECT_FALSE(convert_config_value(ConfigType::integer, "-1").ok());
  EXPECT_FALSE(convert_config_value(ConfigType::boolean, "yes").ok());
  EXPECT_FALSE(convert_config_value(ConfigType::remote_path, "data").ok());
  EXPECT_FALSE(convert_config_value(ConfigType::word_list, "ruok;reboot").ok());
  EXPECT_EQ(config_type("tickTime"), ConfigType::milliseconds);
  EXPECT_EQ(config_type("someFutureKey"), ConfigType::text);
}

TEST(ConfigKeys, ErrorsNeverRepeatTheValue) {
  const std::string secret = "hunter2\nserver.1=x";
  EXPECT_EQ(convert_config_value(ConfigType::text, secret).error.find("hunter2"),
            std::string::npos);
  EXPECT_EQ(convert_config_value(ConfigType::integer, "hunter2").error.find("hunter2"),
            std::string::npos);
}

TEST(ConfigKeys, ReservedKeysExplainWhy) {
  EXPECT_NE(reserved_config_key_reason("server.3"), "");
  EXPECT_NE(reserved_config_key_reason("peerType").find("role"), std::string::npos);
  EXPECT_NE(reserved_config_key_reason("myid"), "");
  EXPECT_EQ(reserved_config_key_reason("serverCnxnFactory"), "");
}

TEST(Secret, KeyNamesContainingPasswordOrSecretAreSecret) {
  EXPECT_TRUE(is_secret_key("ssl.keyStore.password"));
  EXPECT_TRUE(is_secret_key("ssl.trustStore.PASSWORD"));
  EXPECT_TRUE(is_secret_key("digestSecret"));
  EXPECT_FALSE(is_secret_key("tickTime"));
  EXPECT_FALSE(is_secret_key("passwd"));
}

}  // namespace
}  // namespace zkd
