// What zkserver accepts of a reconfig request: ZooKeeper's incremental mode with one server
// at a time, i.e. exactly one server spec in `joining` or one id in `leaving` (entries are
// separated by commas or newlines, as ZooKeeper's parser allows). Changing one voter at a time
// keeps every old and new majority overlapping (the Raft core's single-server changes).
// Anything else is ZBADARGUMENTS with the reason in `why`.
#pragma once

#include <string>

#include "server/protocol/errors.hpp"
#include "server/protocol/requests.hpp"

namespace zks {

Error check_reconfig(const ReconfigRequest& r, std::string& why);

}  // namespace zks
