// zkload: command-line front end of the ZooKeeper load generator (see zkload.hpp).
//   zkload --connect 127.0.0.1:2181 --clients 8 --inflight 1000
//          --ops create,set,get,delete --znodes 10000 --value-size 100 [--json]
// Exit status: 0 all requests succeeded, 1 some failed or the load could not run, 2 usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "tests/bench/zkload.hpp"

int main(int argc, char** argv) {
  zks::zkload::LoadOptions o;
  bool json = false;
  CLI::App app{"Asynchronous ZooKeeper load generator"};
  app.add_option("--connect", o.connect, "host:port[,host:port...]")->required();
  app.add_option("--clients", o.clients, "sessions")->check(CLI::PositiveNumber);
  app.add_option("--inflight", o.inflight, "requests outstanding per session")
      ->check(CLI::PositiveNumber);
  app.add_option("--ops", o.ops, "operations, in order")
      ->delimiter(',')
      ->check(CLI::IsMember({"create", "set", "get", "delete"}));
  app.add_option("--znodes", o.znodes, "znodes per phase")->check(CLI::PositiveNumber);
  app.add_option("--value-size", o.value_size, "bytes per value");
  app.add_option("--root", o.root, "parent znode (default /zkload-<pid>)");
  app.add_option("--timeout", o.timeout_seconds, "seconds allowed to connect and per phase");
  app.add_flag("--json", json, "print the report as JSON");
  CLI11_PARSE(app, argc, argv);

  zks::zkload::LoadReport report;
  std::string error;
  bool ran = zks::zkload::RunLoad(o, &report, &error);
  if (json) {
    nlohmann::json out = {{"connect", o.connect},       {"clients", o.clients},
                          {"inflight", o.inflight},     {"znodes", o.znodes},
                          {"value_size", o.value_size}, {"ops", nlohmann::json::array()}};
    for (const auto& s : report.ops) {
      out["ops"].push_back({{"op", s.op},
                            {"ok", s.ok},
                            {"errors", s.errors},
                            {"seconds", s.seconds},
                            {"ops_per_second", s.ops_per_second},
                            {"p50_ms", s.p50_ms},
                            {"p99_ms", s.p99_ms},
                            {"max_ms", s.max_ms}});
    }
    if (!ran) out["error"] = error;
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::fputs(zks::zkload::FormatReport(o, report).c_str(), stdout);
  }
  if (!ran) {
    std::fprintf(stderr, "zkload: %s\n", error.c_str());
    return 1;
  }
  for (const auto& s : report.ops) {
    if (s.errors > 0) return 1;
  }
  return 0;
}
