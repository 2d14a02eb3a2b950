#include "server/ensemble/peer_admission.hpp"

namespace zks::ensemble {
namespace {

bool same_address(const Member& a, const Member& b) {
  return a.host == b.host && a.quorum_port == b.quorum_port && a.election_port == b.election_port;
}

const Member* find_in(const std::vector<Member>& members, raft::NodeId id) {
  for (const auto& m : members) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

std::string address_of(const Member& m) {
  return m.host + ":" + std::to_string(m.quorum_port) + ":" + std::to_string(m.election_port);
}

}  // namespace

std::string refuse_peer(const std::vector<Member>& ours, raft::NodeId peer,
                        const std::vector<Member>& theirs) {
  const Member* self = find_in(theirs, peer);
  if (!self) return "its member list does not name itself";
  if (const Member* known = find_in(ours, peer)) {
    if (same_address(*known, *self)) return {};
    return "it gives its address as " + address_of(*self) + ", this ensemble knows server." +
           std::to_string(peer) + " at " + address_of(*known);
  }
  size_t shared = 0;
  for (const auto& m : theirs) {
    if (m.id == peer) continue;
    const Member* mine = find_in(ours, m.id);
    if (!mine || !same_address(*mine, m)) {
      return "it lists server." + std::to_string(m.id) + " at " + address_of(m) +
             ", not a member of this ensemble";
    }
    ++shared;
  }
  if (shared == 0) return "it lists no member of this ensemble";
  return {};
}

}  // namespace zks::ensemble
