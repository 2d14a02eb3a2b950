#include "orchestrator/transport/transport.hpp"

#include "orchestrator/transport/shell_quote.hpp"

namespace zkd {

ExecResult exec_checked(Transport& transport, const ExecRequest& request) {
  ExecResult r = transport.exec(request);
  if (r.ok()) return r;
  const std::string command = describe_command(request.argv);
  std::string err = r.err;
  while (!err.empty() && err.back() == '\n') err.pop_back();
  const std::string status = r.exit_signal.empty() ? "exit status " + std::to_string(r.exit_status)
                                                   : "signal " + r.exit_signal;
  throw TransportError(transport.host_label() + ": command " + command + " failed with " + status +
                       (err.empty() ? "" : ": " + err));
}

InputCursor::InputCursor(const std::vector<std::string_view>& parts) : parts_(parts) {
  skip_empty();
}

std::string_view InputCursor::next(size_t max) const {
  if (done()) return {};
  return parts_[part_].substr(offset_, max);
}

void InputCursor::advance(size_t n) {
  offset_ += n;
  sent_ += n;
  skip_empty();
}

void InputCursor::skip_empty() {
  while (part_ < parts_.size() && offset_ == parts_[part_].size()) {
    ++part_;
    offset_ = 0;
  }
}

ExecRequest exec_then(const ExecRequest& first, const std::vector<std::string>& then_argv) {
  static const char* script = R"sh(k=$1 refs= i=1
shift
while [ "$i" -le "$k" ]; do refs="$refs \"\${$i}\""; i=$((i + 1)); done
eval "$refs" || exit
shift "$k"
exec "$@" </dev/null)sh";
  ExecRequest chained = first;
  chained.argv = {"sh", "-c", script, kChainedCommandName, std::to_string(first.argv.size())};
  chained.argv.insert(chained.argv.end(), first.argv.begin(), first.argv.end());
  chained.argv.insert(chained.argv.end(), then_argv.begin(), then_argv.end());
  return chained;
}

}  // namespace zkd
