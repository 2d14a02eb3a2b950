#include "orchestrator/plan/membership.hpp"

#include <map>

#include "orchestrator/probe/ensemble_member.hpp"

namespace zkd {

namespace {

using Members = std::map<int64_t, EnsembleMember>;

void unite(Members& into, const std::vector<EnsembleMember>& members) {
  for (const EnsembleMember& member : members) into.emplace(member.myid, member);
}

// The running ensemble's membership as the gathered zoo.cfg files (or else conf) tell it.
Members current_members(const std::vector<const DesiredHost*>& desired,
                        const std::vector<const ObservedHost*>& observed) {
  Members from_files, from_conf;
  for (size_t i = 0; i < desired.size(); ++i) {
    if (!observed[i] || !observed[i]->reachable) continue;
    unite(from_conf, observed[i]->status.members);
    for (const ManagedFile& file : desired[i]->files) {
      if (file.role != FileRole::zoo_cfg) continue;
      auto found = observed[i]->files.find(file.path);
      if (found == observed[i]->files.end() || !found->second.content) continue;
      unite(from_files, parse_server_lines(*found->second.content));
    }
  }
  return from_files.empty() ? from_conf : from_files;
}

MemberChange change_of(const DesiredHost& host) {
  return MemberChange{host.myid, host.address, host.role, host.name};
}

}  // namespace

MembershipChanges membership_changes(const std::vector<const DesiredHost*>& desired,
                                     const std::vector<const ObservedHost*>& observed) {
  MembershipChanges changes;
  const Members current = current_members(desired, observed);
  if (current.empty()) {
    for (const DesiredHost* host : desired) {
      if (host->new_host) changes.added.push_back(change_of(*host));
    }
    return changes;
  }
  std::map<int64_t, const DesiredHost*> wanted;
  for (const DesiredHost* host : desired) wanted.emplace(host->myid, host);
  for (const auto& [myid, member] : current) {
    auto want = wanted.find(myid);
    if (want != wanted.end() && want->second->address == member.address &&
        want->second->role == member.role) {
      continue;
    }
    changes.removed.push_back(MemberChange{myid, member.address, member.role, ""});
  }
  for (const auto& [myid, host] : wanted) {
    auto have = current.find(myid);
    if (have == current.end() || have->second.address != host->address ||
        have->second.role != host->role) {
      changes.added.push_back(change_of(*host));
    }
  }
  return changes;
}

}  // namespace zkd
