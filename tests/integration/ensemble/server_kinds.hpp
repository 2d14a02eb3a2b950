// What the ensemble tests share: the server kinds they run on, the ensemble options they use,
// and the skip for a zkserver binary that cannot form an ensemble (it serves standalone
// despite its server.N lines).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "tests/harness/local_ensemble.hpp"

namespace zkd::testing {

std::vector<ServerKind> server_kinds();
// Names the kind in test output (GoogleTest would print its bytes).
inline void PrintTo(ServerKind kind, std::ostream* out) {
  *out << to_string(kind);
}
LocalEnsembleOptions ensemble_options(ServerKind kind, size_t voters);

// Why `ensemble` (started) can never form: "" when it can, or may still.
std::string ensemble_unsupported(const LocalEnsemble& ensemble);

// Call right after start_all(): skips the test when the binary has no ensemble mode.
#define ZKD_SKIP_UNLESS_ENSEMBLE(ensemble)                                                    \
  do {                                                                                        \
    if (const std::string why = ::zkd::testing::ensemble_unsupported(ensemble); !why.empty()) \
      GTEST_SKIP() << why;                                                                    \
  } while (0)

}  // namespace zkd::testing
