#include "orchestrator/plan/plan.hpp"

#include <algorithm>

namespace zkd {

bool ClusterPlan::has_changes() const {
  return std::any_of(hosts.begin(), hosts.end(), [](const HostPlan& h) { return h.has_changes(); });
}

bool Plan::has_changes() const {
  return std::any_of(clusters.begin(), clusters.end(),
                     [](const ClusterPlan& c) { return c.has_changes(); });
}

bool Plan::all_reachable() const {
  return std::all_of(clusters.begin(), clusters.end(), [](const ClusterPlan& c) {
    return std::all_of(c.hosts.begin(), c.hosts.end(),
                       [](const HostPlan& h) { return h.observed.reachable; });
  });
}

std::string_view file_action_name(FileAction action) {
  switch (action) {
    case FileAction::create:
      return "create";
    case FileAction::update:
      return "update";
    case FileAction::chmod:
      return "chmod";
  }
  return "update";
}

std::string_view file_role_name(FileRole role) {
  switch (role) {
    case FileRole::zoo_cfg:
      return "zoo.cfg";
    case FileRole::myid:
      return "myid";
    case FileRole::service_unit:
      return "service unit";
    case FileRole::other:
      return "other";
  }
  return "other";
}

std::string_view server_action_name(ServerAction action) {
  switch (action) {
    case ServerAction::none:
      return "none";
    case ServerAction::start:
      return "start";
    case ServerAction::restart:
      return "restart";
  }
  return "none";
}

std::string counted(size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string size_text(uint64_t bytes) {
  constexpr uint64_t kMiB = 1 << 20;
  if (bytes < kMiB) return std::to_string(bytes) + " bytes";
  return std::to_string((bytes + kMiB - 1) / kMiB) + " MiB";
}

}  // namespace zkd
