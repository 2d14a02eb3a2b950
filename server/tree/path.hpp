// ZooKeeper path rules: absolute, '/'-separated, no empty, "." or ".." components, no
// trailing '/', no control characters.
#pragma once

#include <string>
#include <string_view>

namespace zks {

// `sequential`: the name will get a counter appended, so a trailing '/' is allowed.
bool valid_path(std::string_view path, bool sequential = false);
std::string_view parent_path(std::string_view path);  // "/" for top-level nodes
std::string_view base_name(std::string_view path);
// True when `path` equals `prefix` or lies below it.
bool path_within(std::string_view path, std::string_view prefix);

}  // namespace zks
