// ScriptedTransport: a Transport for unit tests that records every command (argv) and
// answers with scripted results, in order; when the script runs out, it answers exit 0.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "orchestrator/transport/transport.hpp"

namespace zkd::test {

class ScriptedTransport : public Transport {
 public:
  std::vector<std::vector<std::string>> commands;
  std::deque<ExecResult> results;

  std::string host_label() const override { return "zk1 (root@10.0.0.1:22)"; }
  ExecResult exec(const ExecRequest& request) override {
    commands.push_back(request.argv);
    if (results.empty()) return ExecResult{0, "", "", ""};
    ExecResult r = results.front();
    results.pop_front();
    return r;
  }
  std::string tcp_exchange(const std::string&, uint16_t, std::string_view,
                           std::chrono::milliseconds) override {
    throw TransportError("no TCP in scripted transport");
  }
};

}  // namespace zkd::test
