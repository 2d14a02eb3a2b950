// Parsers for the one-word replies: `ruok` → "imok" (Apache ZooKeeper answers imok even
// without a quorum, so it proves only that the process answers), and `isro` → "rw" | "ro",
// or "null" when the server is not serving (no quorum).
#pragma once

#include <string_view>

#include "orchestrator/probe/admin_reply.hpp"

namespace zkd {

// ok() with value true exactly for "imok" (surrounding whitespace tolerated).
Parsed<bool> parse_ruok(std::string_view reply);

// ok() with value true for "ro" (read-only) and false for "rw"; "null" is not_serving.
Parsed<bool> parse_isro(std::string_view reply);

}  // namespace zkd
