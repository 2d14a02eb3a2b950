// Leadership hand-over before a leader's restart. A server that offers leadership transfer
// (zkserver: `GET /commands/transfer_leadership?target=N` on admin.serverPort, answered once
// another server leads) is asked to hand over to a caught-up follower before it is stopped,
// so the ensemble changes leader in milliseconds instead of electing one after the leader's
// links close. Apache ZooKeeper 3.8 has no such command: the step is skipped, and says why.
//
// Failure policy: a refused, failed or timed-out transfer does not stop the rollout. The
// transfer happens while every member is healthy (the verdict was just checked), and a
// failed one leaves the old leader leading or a new one elected, so the leader is then
// restarted exactly as without transfer and the run reports a warning.
//
// Pure: the decision and the reply parsing; the request itself is ApplyTarget's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "orchestrator/plan/plan.hpp"

namespace zkd {

struct HandoverDecision {
  int64_t target = 0;       // the follower's myid to hand leadership to; 0: skip
  std::string target_host;  // its inventory name
  std::string skip_reason;  // why skipped, when target == 0
};

// Chooses the follower to hand leadership of `cluster` to before `leader` restarts: a
// healthy participant other than the leader with no zxid lag, the lowest myid first.
// `unsupported`: why the leader's server cannot transfer (empty: it can).
HandoverDecision decide_handover(const ClusterPlan& cluster, const std::string& leader,
                                 const std::string& unsupported);

struct TransferReply {
  int64_t old_leader = 0;
  int64_t new_leader = 0;
  int64_t elapsed_ms = 0;  // as the server measured it
};

// Parses the HTTP answer of transfer_leadership. Throws std::runtime_error with the
// server's error (a non-200 status, "error" set, no leader change, or unparsable text).
TransferReply parse_transfer_reply(std::string_view http);

// The HTTP request asking for a transfer to server `target`.
std::string transfer_request(int64_t target);

}  // namespace zkd
