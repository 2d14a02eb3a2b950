#include "orchestrator/inventory/config_keys.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <utility>

#include "orchestrator/inventory/safe_values.hpp"

namespace zkd {
namespace {

using T = ConfigType;
constexpr std::array<std::pair<std::string_view, ConfigType>, 44> kKeys{{
    {"4lw.commands.whitelist", T::word_list},
    {"admin.enableServer", T::boolean},
    {"admin.serverAddress", T::address},
    {"admin.serverPort", T::port},
    {"autopurge.purgeInterval", T::integer},
    {"autopurge.snapRetainCount", T::integer},
    {"clientPort", T::port},
    {"clientPortAddress", T::address},
    {"cnxTimeout", T::integer},
    {"connectToLearnerMasterLimit", T::integer},
    {"dataDir", T::remote_path},
    {"dataLogDir", T::remote_path},
    {"electionAlg", T::integer},
    {"electionPort", T::port},
    {"electionPortBindRetry", T::integer},
    {"globalOutstandingLimit", T::integer},
    {"initLimit", T::integer},
    {"jute.maxbuffer", T::bytes},
    {"localSessionsEnabled", T::boolean},
    {"localSessionsUpgradingEnabled", T::boolean},
    {"maxClientCnxns", T::integer},
    {"maxCnxns", T::integer},
    {"maxSessionTimeout", T::milliseconds},
    {"metricsProvider.className", T::text},
    {"minSessionTimeout", T::milliseconds},
    {"portUnification", T::boolean},
    {"preAllocSize", T::kilobytes},
    {"quorumListenOnAllIPs", T::boolean},
    {"quorumPort", T::port},
    {"reconfigEnabled", T::boolean},
    {"secureClientPort", T::port},
    {"secureClientPortAddress", T::address},
    {"serverCnxnFactory", T::text},
    {"skipACL", T::text},
    {"snapCount", T::integer},
    {"snapshot.trust.empty", T::boolean},
    {"sslQuorum", T::boolean},
    {"ssl.keyStore.location", T::remote_path},
    {"ssl.keyStore.password", T::text},
    {"ssl.trustStore.location", T::remote_path},
    {"ssl.trustStore.password", T::text},
    {"standaloneEnabled", T::boolean},
    {"syncLimit", T::integer},
    {"tickTime", T::milliseconds},
}};

constexpr std::array<std::string_view, kKeys.size()> key_names() {
  std::array<std::string_view, kKeys.size()> names{};
  for (size_t i = 0; i < kKeys.size(); ++i) names[i] = kKeys[i].first;
  return names;
}
constexpr auto kKeyNames = key_names();
static_assert(std::none_of(kKeyNames.begin(), kKeyNames.end(),
                           [](std::string_view k) { return k.empty(); }),
              "kKeys has more slots than entries");

constexpr std::array<std::string_view, 8> kRequiredWords{"ruok", "srvr", "stat", "mntr",
                                                         "conf", "isro", "envi", "cons"};

constexpr std::int64_t kMaxInt = 2147483647;

// A non-negative decimal integer no larger than kMaxInt.
bool parse_int(std::string_view text, std::int64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty() && out >= 0 &&
         out <= kMaxInt;
}

Parsed<std::string> number(std::int64_t v) {
  return {std::to_string(v), {}};
}

Parsed<std::string> fail(std::string message) {
  return {{}, std::move(message)};
}

}  // namespace

ConfigType config_type(std::string_view key) {
  for (const auto& [name, type] : kKeys) {
    if (name == key) return type;
  }
  return ConfigType::text;
}

std::span<const std::string_view> known_config_keys() {
  return kKeyNames;
}

std::span<const std::string_view> required_four_letter_words() {
  return kRequiredWords;
}

std::string reserved_config_key_reason(std::string_view key) {
  if (key.starts_with("server.")) {
    return "server lines are generated from the hosts (address, myid, role, quorumPort, "
           "electionPort); do not set them in config";
  }
  if (key.starts_with("group.") || key.starts_with("weight.")) {
    return "hierarchical quorums are not supported (quorum safety assumes simple majorities)";
  }
  if (key == "myid") return "myid is set per host with the host's 'myid' key";
  if (key == "peerType") return "set 'role: observer' on the host instead";
  if (key == "dynamicConfigFile") {
    return "dynamic configuration files are not managed; server lines are written into zoo.cfg";
  }
  return {};
}

Parsed<std::string> convert_config_value(ConfigType type, std::string_view text) {
  std::int64_t v = 0;
  switch (type) {
    case T::integer:
      if (!parse_int(text, v)) return fail("expected an integer 0..2147483647");
      return number(v);
    case T::port:
      if (!parse_int(text, v) || v < 1 || v > 65535) return fail("expected a port 1..65535");
      return number(v);
    case T::milliseconds: {
      if (parse_int(text, v)) return number(v);
      auto d = parse_duration(text);
      if (!d.ok()) return fail("expected milliseconds or a duration: " + d.error);
      if (d.value.count() > kMaxInt) return fail("duration too long for zoo.cfg");
      return number(d.value.count());
    }
    case T::bytes:
    case T::kilobytes: {
      auto s = parse_size(text);
      if (!s.ok()) return fail(s.error);
      const std::uint64_t unit = type == T::kilobytes ? 1024 : 1;
      // A bare number means the key's own unit.
      const bool bare = std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      const std::uint64_t value = bare ? s.value : s.value / unit;
      if (!bare && s.value % unit != 0) return fail("size must be a whole number of KiB");
      if (value > static_cast<std::uint64_t>(kMaxInt)) return fail("size too large for zoo.cfg");
      return number(static_cast<std::int64_t>(value));
    }
    case T::boolean:
      if (text == "true" || text == "false") return {std::string(text), {}};
      return fail("expected true or false");
    case T::remote_path: {
      std::string why = check_remote_path(text);
      if (!why.empty()) return fail(why);
      return {std::string(text), {}};
    }
    case T::address: {
      std::string why = check_address(text);
      if (!why.empty()) return fail(why);
      return {std::string(text), {}};
    }
    case T::word_list:
      for (char c : text) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ',' || c == ' ' || c == '*')) {
          return fail("expected a comma-separated list of words");
        }
      }
      return {std::string(text), {}};
    case T::text:
      break;
  }
  std::string why = check_config_value(text);
  if (!why.empty()) return fail(why);
  return {std::string(text), {}};
}

}  // namespace zkd
