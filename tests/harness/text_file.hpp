// Whole small text files for the test harness: configuration files it writes, logs it reads.
#pragma once

#include <string>

namespace zkd::testing {

// The file's contents; "" when it cannot be read.
std::string read_text_file(const std::string& path);
// Creates or truncates the file; throws naming the path when it cannot be written.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace zkd::testing
