// The built-in templates (templates/*.mustache), compiled into the binary so that zkdeploy
// renders the same files wherever it runs.
#pragma once

#include <string_view>

namespace zkd {

std::string_view builtin_zoo_cfg_template();
std::string_view builtin_myid_template();
std::string_view builtin_service_unit_template();  // the systemd unit (service_unit.hpp)

}  // namespace zkd
