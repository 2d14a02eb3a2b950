#include "orchestrator/probe/conf_reply.hpp"

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

Parsed<ConfReply> parse_conf(std::string_view reply) {
  if (auto refusal = classify_refusal("conf", reply)) return refused<ConfReply>(*refusal);

  ConfReply out;
  bool in_membership = false;
  size_t line_number = 0;
  for (std::string_view line : split_lines(reply)) {
    ++line_number;
    if (trim(line).empty()) continue;
    const std::string where = "line " + std::to_string(line_number);
    if (trim(line) == "membership:") {
      in_membership = true;
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return malformed<ConfReply>("conf", where + " is not 'key=value'");
    }
    std::string_view key = line.substr(0, eq);
    std::string_view value = line.substr(eq + 1);
    if (!in_membership) {
      out.settings.emplace(std::string(key), std::string(value));
    } else if (key == "version") {
      out.config_version = std::string(trim(value));
    } else if (auto member = parse_server_entry(key, value)) {
      out.members.push_back(std::move(*member));
    } else {
      return malformed<ConfReply>("conf", where + " is not a server.N=host:port:port entry");
    }
  }
  if (out.settings.empty() && out.members.empty()) {
    return malformed<ConfReply>("conf", "no settings");
  }
  return Parsed<ConfReply>{ReplyKind::ok, {}, std::move(out)};
}

}  // namespace zkd
