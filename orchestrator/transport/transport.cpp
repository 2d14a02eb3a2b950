#include "orchestrator/transport/transport.hpp"

#include "orchestrator/transport/shell_quote.hpp"

namespace zkd {

ExecResult exec_checked(Transport& transport, const ExecRequest& request) {
  ExecResult r = transport.exec(request);
  if (r.ok()) return r;
  std::string command = shell_quote(request.argv);
  if (command.size() > 200) command = command.substr(0, 200) + "...";
  std::string err = r.err;
  while (!err.empty() && err.back() == '\n') err.pop_back();
  const std::string status = r.exit_signal.empty() ? "exit status " + std::to_string(r.exit_status)
                                                   : "signal " + r.exit_signal;
  throw TransportError(transport.host_label() + ": command " + command + " failed with " + status +
                       (err.empty() ? "" : ": " + err));
}

}  // namespace zkd
