// Loopback address blocks for tests that run real servers: a /24 block 127.0.X.0 is claimed
// with an exclusive lock on /tmp/zkdeploy-test-blocks/127.0.X.lock, held (through the file
// descriptor) for as long as the claimant lives, so concurrent test processes never share a
// block. The lock dies with the process, so a crashed holder's block becomes claimable again;
// the next claimant removes what it left running (on_claim).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace zkd::testing {

struct ClaimedBlock {
  std::string prefix;  // "127.0.X"
  int lock_fd = -1;    // close it to release the block
};

// Tries X = first..last in turn: takes the block's lock, runs on_claim(prefix), and keeps the
// block if usable(prefix) holds. Throws when no block in the range can be claimed.
ClaimedBlock claim_loopback_block(int first, int last,
                                  const std::function<void(const std::string&)>& on_claim,
                                  const std::function<bool(const std::string&)>& usable);

// True when a listener could bind address:port now (a socket in TIME_WAIT does not count).
bool address_free(const std::string& address, uint16_t port);

}  // namespace zkd::testing
