// Names of the indexed files storage keeps in a directory: "<prefix>.<index as 16 lowercase
// hex digits>" (log.000000010000002a, snap.000000010000002a), so names sort by index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zks::storage {

std::string IndexedFileName(std::string_view prefix, uint64_t index);
// True when name is exactly prefix + "." + 16 hex digits; sets *index.
bool ParseIndexedFileName(std::string_view name, std::string_view prefix, uint64_t* index);

}  // namespace zks::storage
