// Test fixture: desired and observed state of one ensemble ("east", hosts zk1..zkN with myid
// i and address 10.0.0.i), built converged (observed == desired, running, healthy, synced)
// or fresh (nothing installed), for the table tests to perturb.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/plan/plan_input.hpp"

namespace zkd::test {

inline constexpr char kSha[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
inline constexpr char kNewSha[] =
    "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

struct Fleet {
  std::vector<DesiredHost> desired;
  std::vector<ObservedHost> observed;

  DesiredHost& want(int myid) { return desired.at(myid - 1); }
  ObservedHost& have(int myid) { return observed.at(myid - 1); }
  // Sets `key=value` in every desired zoo.cfg (content and display).
  void set_config(const std::string& line);
  // Makes host `myid` the observed leader, the others followers.
  void elect(int myid);
  // Stops the server on host `myid` (reachable, not running, not answering).
  void stop(int myid);
};

// zoo.cfg of an ensemble of `servers` participants; `secret` is masked in the display form.
std::string zoo_cfg(int servers, const std::string& secret = "s3cret");

Fleet converged(int servers, int leader = 2);
Fleet fresh(int servers);

}  // namespace zkd::test
