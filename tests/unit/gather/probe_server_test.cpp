#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "orchestrator/gather/host_gather.hpp"

namespace zkd {
namespace {

// Answers admin words from a table and records which were asked; no table: nothing listens.
class WordTransport : public Transport {
 public:
  std::map<std::string, std::string> replies;
  std::vector<std::string> asked;

  std::string host_label() const override { return "zk1"; }
  ExecResult exec(const ExecRequest&) override { throw TransportError("no commands here"); }
  std::string tcp_exchange(const std::string&, uint16_t, std::string_view request,
                           std::chrono::milliseconds) override {
    asked.emplace_back(request);
    if (replies.empty()) throw TransportError("zk1: connection refused");
    return replies.at(std::string(request));
  }
};

std::string srvr(const char* mode) {
  return "Zookeeper version: 3.8.0\nZxid: 0x100000005\nMode: " + std::string(mode) + "\n";
}

TEST(ProbeServer, AsksMntrOnlyWhereSrvrDoesNotSayEnough) {
  for (const auto& [mode, with_mntr] : std::vector<std::pair<const char*, bool>>{
           {"follower", false}, {"observer", false}, {"leader", true}, {"standalone", true}}) {
    WordTransport t;
    t.replies = {{"ruok", "imok"}, {"srvr", srvr(mode)}, {"mntr", "zk_server_state\tleader\n"}};
    const ProbeReplies r = probe_server(t, GatherSpec{});
    const std::vector<std::string> want = with_mntr
                                              ? std::vector<std::string>{"ruok", "srvr", "mntr"}
                                              : std::vector<std::string>{"ruok", "srvr"};
    EXPECT_EQ(t.asked, want) << mode;
    EXPECT_EQ(r.mntr.has_value(), with_mntr) << mode;
  }
  WordTransport unusable;  // srvr says nothing usable: mntr still tells the mode
  unusable.replies = {{"ruok", "imok"},
                      {"srvr", "This ZooKeeper instance is not currently serving requests\n"},
                      {"mntr", ""}};
  probe_server(unusable, GatherSpec{});
  EXPECT_EQ(unusable.asked.size(), 3u);
}

TEST(ProbeServer, NothingListeningEndsTheProbeWithTheReason) {
  WordTransport t;
  const ProbeReplies r = probe_server(t, GatherSpec{});
  EXPECT_EQ(t.asked, std::vector<std::string>{"ruok"});
  EXPECT_EQ(r.connect_error, "zk1: connection refused");
}

}  // namespace
}  // namespace zkd
