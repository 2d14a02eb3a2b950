// The role a ZooKeeper server reports for itself (srvr's "Mode:", mntr's zk_server_state).
#pragma once

#include <string_view>

namespace zkd {

enum class ServerMode { unknown, leader, follower, observer, standalone };

std::string_view mode_name(ServerMode mode);

// "leader", "follower", "observer", "standalone"; anything else (e.g. "read-only") is unknown.
ServerMode parse_mode(std::string_view text);

}  // namespace zkd
