// The outcome of reading one reply to a ZooKeeper four-letter admin word (ruok, srvr, mntr,
// conf, isro). Besides its own output, any word may come back empty (no answer), as
// "This ZooKeeper instance is not currently serving requests" (the server has no quorum), or
// as "<word> is not executed because it is not in the whitelist." (4lw.commands.whitelist).
// Parsers report these and malformed text as a ReplyKind with a human-readable reason; they
// never throw and never crash on arbitrary bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zkd {

enum class ReplyKind {
  ok,               // the word's own output, understood
  no_reply,         // nothing came back
  not_serving,      // the server runs but does not serve (no quorum)
  not_whitelisted,  // the word is not in 4lw.commands.whitelist
  malformed,        // text that is none of the above
};

std::string_view reply_kind_name(ReplyKind kind);

template <class T>
struct Parsed {
  ReplyKind kind = ReplyKind::no_reply;
  std::string reason;  // why the reply is not usable, naming the word; empty when ok()
  T value{};           // meaningful only when ok()
  bool ok() const { return kind == ReplyKind::ok; }
};

// The common non-answers every word may give instead of its output; nullopt when `reply` is
// none of them and the word's own parser should read it.
struct Refusal {
  ReplyKind kind;
  std::string reason;
};
std::optional<Refusal> classify_refusal(std::string_view word, std::string_view reply);

template <class T>
Parsed<T> refused(Refusal refusal) {
  return Parsed<T>{refusal.kind, std::move(refusal.reason), T{}};
}

template <class T>
Parsed<T> malformed(std::string_view word, std::string_view why) {
  return Parsed<T>{ReplyKind::malformed, std::string(word) + ": " + std::string(why), T{}};
}

}  // namespace zkd
