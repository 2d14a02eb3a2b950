#include "orchestrator/gather/leader_first.hpp"

#include <map>
#include <optional>
#include <thread>

#include "orchestrator/transport/fan_out.hpp"

namespace zkd {
namespace {

bool caught_up(const ServerStatus& s, std::optional<uint64_t> leader_zxid) {
  if (!leader_zxid || !s.zxid) return true;  // nothing to wait for
  const bool empty_epoch = (*leader_zxid & 0xffffffffu) == 0;
  return empty_epoch || *s.zxid >= *leader_zxid;
}

}  // namespace

void resample_after_leader(std::vector<ServerStatus>& statuses,
                           const std::vector<std::string>& clusters, int forks,
                           const std::function<std::optional<ServerStatus>(size_t)>& probe,
                           std::chrono::milliseconds catch_up) {
  std::map<std::string, std::optional<uint64_t>> leader_zxid;  // only single leaders count
  std::map<std::string, int> leaders;
  for (size_t k = 0; k < statuses.size(); ++k) {
    if (statuses[k].serving && statuses[k].mode == ServerMode::leader) {
      ++leaders[clusters[k]];
      leader_zxid[clusters[k]] = statuses[k].zxid;
    }
  }
  std::vector<size_t> again;
  std::vector<std::optional<uint64_t>> targets;  // the leader zxid each must reach
  for (size_t k = 0; k < statuses.size(); ++k) {
    if (!statuses[k].answered || statuses[k].mode == ServerMode::leader) continue;
    const std::optional<uint64_t> target =
        leaders[clusters[k]] == 1 ? leader_zxid[clusters[k]] : std::nullopt;
    // Already at or past the leader's sample: whenever it was taken, it is not behind it.
    if (target && statuses[k].zxid && *statuses[k].zxid >= *target) continue;
    again.push_back(k);
    targets.push_back(target);
  }
  const auto deadline = std::chrono::steady_clock::now() + catch_up;
  fan_out(again.size(), forks, [&](size_t j) {
    const size_t k = again[j];
    const std::optional<uint64_t> target = targets[j];
    while (true) {
      std::optional<ServerStatus> now = probe(k);
      if (!now) return;
      statuses[k] = std::move(*now);
      if (caught_up(statuses[k], target) || std::chrono::steady_clock::now() >= deadline) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

}  // namespace zkd
