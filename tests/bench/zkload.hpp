// zkload: an asynchronous ZooKeeper load generator on the ZooKeeper C client (zookeeper_mt),
// usable against Apache ZooKeeper and zkserver alike.
//
// RunLoad() opens `clients` sessions to `connect`, then runs each operation of `ops` in turn
// (create, set, get, delete) as one phase over `znodes` znodes under `root`, split evenly
// across the sessions; each session keeps up to `inflight` requests outstanding (pipelined).
// A phase ends when every request has completed; its throughput is completed requests over
// the phase's wall time, and its latencies (request issued to completion callback) give
// p50/p99. Every non-ZOK result, and every get whose value has the wrong size, is counted as
// an error, never hidden. The root is created first and removed at the end when empty.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zks::zkload {

struct LoadOptions {
  std::string connect;  // host:port[,host:port...]
  int clients = 1;
  int inflight = 1000;
  std::vector<std::string> ops = {"create", "set", "get", "delete"};
  uint64_t znodes = 10000;
  size_t value_size = 100;
  std::string root;  // default "/zkload-<pid>"
  int session_timeout_ms = 30000;
  double timeout_seconds = 300;  // for connecting and for each phase
};

struct OpStats {
  std::string op;
  uint64_t ok = 0;
  uint64_t errors = 0;
  int first_error = 0;  // ZooKeeper error code of the first failure, 0 if none
  double seconds = 0;
  double ops_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

struct LoadReport {
  std::vector<OpStats> ops;
};

// Names the operations RunLoad understands.
bool IsKnownOp(const std::string& op);

// Runs the load. Returns false with *error set when it could not run at all (bad options,
// no connection, a phase that timed out); per-request failures are counted in the report.
bool RunLoad(const LoadOptions& options, LoadReport* report, std::string* error);

// The report as a fixed-width table, one line per operation.
std::string FormatReport(const LoadOptions& options, const LoadReport& report);

}  // namespace zks::zkload
