// Who is applying: the identity of one `zkdeploy apply` run, written into the cluster lock
// on every host, the journal and each host's state.json, so that a lock or a record always
// names user@machine, process id, start time and run id.
#pragma once

#include <chrono>
#include <string>

namespace zkd {

struct RunIdentity {
  std::string run_id;  // UTC start time plus random suffix: "20261204T010203Z-1a2b3c"
  std::string user;
  std::string machine;  // this machine's host name
  long pid = 0;
  std::chrono::system_clock::time_point started;

  // The lock file's one line: "user@machine pid <ISO-8601 UTC time> run-id".
  std::string holder() const;
};

// The identity of this process, now.
RunIdentity current_run_identity();

// "2026-12-04T01:02:03Z".
std::string iso_utc(std::chrono::system_clock::time_point t);

}  // namespace zkd
