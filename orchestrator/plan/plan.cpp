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

}  // namespace zkd
