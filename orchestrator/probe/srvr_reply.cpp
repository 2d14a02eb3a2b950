#include "orchestrator/probe/srvr_reply.hpp"

#include "orchestrator/probe/text_fields.hpp"

namespace zkd {

namespace {

std::optional<Latency> parse_latency(std::string_view text) {
  size_t first = text.find('/');
  size_t second = text.find('/', first == std::string_view::npos ? first : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return std::nullopt;
  auto min = parse_int(text.substr(0, first));
  auto avg = parse_double(text.substr(first + 1, second - first - 1));
  auto max = parse_int(text.substr(second + 1));
  if (!min || !avg || !max) return std::nullopt;
  return Latency{*min, *avg, *max};
}

}  // namespace

Parsed<SrvrReply> parse_srvr(std::string_view reply) {
  if (auto refusal = classify_refusal("srvr", reply)) return refused<SrvrReply>(*refusal);

  SrvrReply out;
  bool have_zxid = false;
  bool have_mode = false;
  struct Counter {
    std::string_view key;
    std::optional<int64_t> SrvrReply::*field;
  };
  static constexpr Counter kCounters[] = {
      {"Received", &SrvrReply::received},       {"Sent", &SrvrReply::sent},
      {"Connections", &SrvrReply::connections}, {"Outstanding", &SrvrReply::outstanding},
      {"Node count", &SrvrReply::node_count},
  };

  for (std::string_view line : split_lines(reply)) {
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    std::string_view value = trim(line.substr(colon + 2));
    auto bad = [&](std::string_view what) {
      return malformed<SrvrReply>("srvr", std::string(key) + " is not " + std::string(what) +
                                              ": '" + std::string(value) + "'");
    };
    if (key == "Zookeeper version") {
      out.version = std::string(value);
    } else if (key == "Latency min/avg/max") {
      out.latency = parse_latency(value);
      if (!out.latency) return bad("min/avg/max");
    } else if (key == "Zxid") {
      auto zxid = parse_hex(value);
      if (!zxid) return bad("a 0x-prefixed hex number");
      out.zxid = *zxid;
      have_zxid = true;
    } else if (key == "Mode") {
      out.mode_text = std::string(value);
      out.mode = parse_mode(value);
      have_mode = true;
    } else {
      for (const Counter& counter : kCounters) {
        if (key != counter.key) continue;
        out.*counter.field = parse_int(value);
        if (!(out.*counter.field)) return bad("an integer");
      }
    }
  }
  if (!have_zxid) return malformed<SrvrReply>("srvr", "no 'Zxid:' line");
  if (!have_mode) return malformed<SrvrReply>("srvr", "no 'Mode:' line");
  return Parsed<SrvrReply>{ReplyKind::ok, {}, std::move(out)};
}

}  // namespace zkd
