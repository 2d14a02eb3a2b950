#include "orchestrator/probe/admin_reply.hpp"

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

std::string_view reply_kind_name(ReplyKind kind) {
  switch (kind) {
    case ReplyKind::ok:
      return "ok";
    case ReplyKind::no_reply:
      return "no reply";
    case ReplyKind::not_serving:
      return "not serving";
    case ReplyKind::not_whitelisted:
      return "not whitelisted";
    case ReplyKind::malformed:
      return "malformed";
  }
  return "malformed";
}

std::optional<Refusal> classify_refusal(std::string_view word, std::string_view reply) {
  const std::string_view text = trim(reply);
  const std::string name(word);
  if (text.empty()) return Refusal{ReplyKind::no_reply, name + ": empty reply"};
  if (text == "This ZooKeeper instance is not currently serving requests") {
    return Refusal{ReplyKind::not_serving, name + ": the server is not serving requests"};
  }
  if (text.ends_with(" is not executed because it is not in the whitelist.")) {
    return Refusal{ReplyKind::not_whitelisted,
                   name + ": refused, not in the server's 4lw.commands.whitelist"};
  }
  return std::nullopt;
}

}  // namespace zkd
