// open_listener: the one way the server opens a listening TCP socket (client port, quorum and
// election ports, admin HTTP port): non-blocking, close-on-exec, SO_REUSEADDR so a restart
// binds at once; an empty address means every interface (IPv6 dual-stack). Throws
// std::runtime_error naming address:port and the cause.
#pragma once

#include <string>

namespace zks {

int open_listener(const std::string& address, int port, int backlog);

}  // namespace zks
