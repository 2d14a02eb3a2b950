// Build identity of zkdeploy, printed by `zkdeploy --version` and recorded in host state.
#pragma once

#include <string_view>

namespace zkd {

std::string_view version();

}  // namespace zkd
