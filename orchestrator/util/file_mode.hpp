// A file's permission bits as text, the one form zkdeploy prints and passes to chmod.
#pragma once

#include <string>

namespace zkd {

// "0644", "04755": octal with a leading 0, only the permission and special bits.
std::string octal_mode(unsigned mode);

}  // namespace zkd
