#include "orchestrator/util/file_mode.hpp"

#include <cstdio>

namespace zkd {

std::string octal_mode(unsigned mode) {
  char text[16];
  std::snprintf(text, sizeof text, "0%03o", mode & 07777u);
  return text;
}

}  // namespace zkd
