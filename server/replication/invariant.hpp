// Stops the process when a Raft safety invariant or an API precondition is broken: carrying
// on could apply or acknowledge wrong data, which is worse than a crash and a restart.
#pragma once

namespace zks::raft {

[[noreturn]] void invariant_broken(const char* what);

}  // namespace zks::raft
