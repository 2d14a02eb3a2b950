#include "orchestrator/probe/server_mode.hpp"

namespace zkd {

std::string_view mode_name(ServerMode mode) {
  switch (mode) {
    case ServerMode::leader:
      return "leader";
    case ServerMode::follower:
      return "follower";
    case ServerMode::observer:
      return "observer";
    case ServerMode::standalone:
      return "standalone";
    case ServerMode::unknown:
      return "unknown";
  }
  return "unknown";
}

ServerMode parse_mode(std::string_view text) {
  for (ServerMode mode :
       {ServerMode::leader, ServerMode::follower, ServerMode::observer, ServerMode::standalone}) {
    if (text == mode_name(mode)) return mode;
  }
  return ServerMode::unknown;
}

}  // namespace zkd
