// libFuzzer target: arbitrary bytes as replies to every admin word, as zoo.cfg text, and as
// the two sides of a unified diff. The parsers and health judgement must never crash, hang
// or trip a sanitizer, whatever a server (or an attacker on its port) sends back.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/plan/unified_diff.hpp"
#include "orchestrator/probe/ensemble_health.hpp"
#include "orchestrator/probe/server_status.hpp"
#include "orchestrator/probe/text_fields.hpp"

namespace {

// Splits `data` at NUL bytes into up to `n` parts (missing parts are empty).
template <size_t n>
std::array<std::string, n> parts_of(std::string_view data) {
  std::array<std::string, n> parts;
  for (size_t i = 0; i < n; ++i) {
    size_t end = i + 1 == n ? std::string_view::npos : data.find('\0');
    parts[i] = std::string(data.substr(0, end));
    data = end == std::string_view::npos ? std::string_view{} : data.substr(end + 1);
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);

  zkd::ProbeReplies whole{"",
                          std::string(data),
                          std::string(data),
                          std::string(data),
                          std::string(data),
                          std::string(data)};
  zkd::ServerStatus same = zkd::status_from_replies(whole);
  if (same.zxid && zkd::parse_hex(zkd::to_hex(*same.zxid)) != same.zxid) __builtin_trap();

  auto parts = parts_of<5>(data);
  zkd::ProbeReplies split{"", parts[0], parts[1], parts[2], parts[3], parts[4]};
  zkd::ServerStatus other = zkd::status_from_replies(split);
  zkd::parse_server_lines(data);

  std::vector<zkd::MemberProbe> members = {
      {"a", 1, zkd::MemberRole::participant, same},
      {"b", 2, zkd::MemberRole::participant, other},
      {"c", 3, zkd::MemberRole::observer, other},
  };
  zkd::EnsembleHealth health = zkd::evaluate_health(members, {size % 7});
  if (health.nodes.size() != members.size()) __builtin_trap();
  zkd::leader_counts_as_synced(health, 2);

  // Diffs cost O((N+M)·D) and only ever see configuration files: keep the sides small.
  constexpr size_t kDiffSide = 2048;
  auto sides = parts_of<2>(data);
  zkd::unified_diff("a", sides[0].substr(0, kDiffSide), "b", sides[1].substr(0, kDiffSide));
  return 0;
}
