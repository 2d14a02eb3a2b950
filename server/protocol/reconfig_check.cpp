#include "server/protocol/reconfig_check.hpp"

namespace zks {
namespace {

size_t entries(const std::string& list) {
  size_t n = 0;
  bool in_entry = false;
  for (char c : list) {
    const bool separator = c == ',' || c == '\n' || c == ' ' || c == '\t' || c == '\r';
    if (!separator && !in_entry) ++n;
    in_entry = !separator;
  }
  return n;
}

}  // namespace

Error check_reconfig(const ReconfigRequest& r, std::string& why) {
  if (entries(r.new_members) > 0) {
    why =
        "non-incremental reconfig (new members list) is not supported; add (joining) or "
        "remove (leaving) one server at a time";
    return Error::kBadArguments;
  }
  const size_t joining = entries(r.joining), leaving = entries(r.leaving);
  if (joining + leaving == 0) {
    why = "reconfig names no server to add or remove";
    return Error::kBadArguments;
  }
  if (joining + leaving > 1) {
    why = "reconfig changes " + std::to_string(joining + leaving) +
          " servers at once; add or remove one server at a time";
    return Error::kBadArguments;
  }
  return Error::kOk;
}

}  // namespace zks
