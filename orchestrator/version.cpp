#include "orchestrator/version.hpp"

namespace zkd {

std::string_view version() {
  return ZKD_VERSION;
}

}  // namespace zkd
