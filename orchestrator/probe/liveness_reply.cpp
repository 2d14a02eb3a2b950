#include "orchestrator/probe/liveness_reply.hpp"

#include <string>

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

namespace {

std::string quoted_prefix(std::string_view text) {
  constexpr size_t kShown = 40;
  return "'" + std::string(text.substr(0, kShown)) + (text.size() > kShown ? "...'" : "'");
}

}  // namespace

Parsed<bool> parse_ruok(std::string_view reply) {
  if (auto refusal = classify_refusal("ruok", reply)) return refused<bool>(*refusal);
  if (trim(reply) == "imok") return Parsed<bool>{ReplyKind::ok, {}, true};
  return malformed<bool>("ruok", "expected 'imok', got " + quoted_prefix(trim(reply)));
}

Parsed<bool> parse_isro(std::string_view reply) {
  if (auto refusal = classify_refusal("isro", reply)) return refused<bool>(*refusal);
  std::string_view text = trim(reply);
  if (text == "rw") return Parsed<bool>{ReplyKind::ok, {}, false};
  if (text == "ro") return Parsed<bool>{ReplyKind::ok, {}, true};
  if (text == "null") {
    return Parsed<bool>{ReplyKind::not_serving, "isro: the server is not serving requests", {}};
  }
  return malformed<bool>("isro", "expected 'rw', 'ro' or 'null', got " + quoted_prefix(text));
}

}  // namespace zkd
