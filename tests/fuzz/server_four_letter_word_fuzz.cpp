// Fuzzes four-letter-word recognition and execution on a connection's first bytes: whatever
// arrives, recognised words produce an answer and nothing else crashes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/admin/four_letter_words.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  std::string word(reinterpret_cast<const char*>(data), 4);
  if (!zks::is_four_letter_word(word)) return 0;
  zks::ServerStats stats;
  stats.version = std::string(reinterpret_cast<const char*>(data) + 4, size - 4);
  stats.connections.resize(size % 5);
  std::set<std::string> whitelist;
  if (size % 2)
    whitelist = {"ruok", "srvr", "stat", "mntr", "conf", "envi", "cons", "isro", "wchs", "dirs"};
  if (zks::run_four_letter_word(word, stats, whitelist).empty()) __builtin_trap();
  return 0;
}
