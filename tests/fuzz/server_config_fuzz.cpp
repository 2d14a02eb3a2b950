// Fuzzes the zoo.cfg parser: any text either parses or raises ConfigError naming the problem.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/config/server_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    zks::ServerConfig c = zks::parse_config(text, "zoo.cfg");
    if (c.min_session_timeout > c.max_session_timeout) __builtin_trap();
  } catch (const zks::ConfigError& e) {
    if (std::string(e.what()).rfind("zoo.cfg", 0) != 0) __builtin_trap();
  }
  return 0;
}
