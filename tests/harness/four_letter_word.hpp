// Sends a ZooKeeper four-letter word (ruok, srvr, mntr, ...) straight to address:port from
// the test process and returns the reply; empty when nothing answers (2 s timeouts).
#pragma once

#include <cstdint>
#include <string>

namespace zkd::testing {

std::string four_letter_word(const std::string& address, uint16_t port, const std::string& word);

// The "Mode: " of a srvr reply ("leader", "follower", ...); empty when not serving.
std::string server_mode(const std::string& address, uint16_t port = 2181);

}  // namespace zkd::testing
