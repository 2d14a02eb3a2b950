#include "orchestrator/util/ustar.hpp"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace zkd {
namespace {

constexpr size_t kBlock = 512;

// `value` in octal, zero-padded to width - 1 digits and NUL-terminated, at header[offset].
void octal_field(std::string& header, size_t offset, size_t width, unsigned long long value) {
  std::snprintf(header.data() + offset, width, "%0*llo", static_cast<int>(width - 1), value);
}

}  // namespace

void UstarWriter::add(std::string_view name, unsigned mode, std::string_view bytes) {
  if (name.empty() || name.size() > 99 || name.find('/') != std::string_view::npos) {
    throw std::invalid_argument("cannot archive file name '" + std::string(name) + "'");
  }
  std::string header(kBlock, '\0');
  header.replace(0, name.size(), name);
  octal_field(header, 100, 8, mode & 07777u);
  octal_field(header, 108, 8, 0);  // uid
  octal_field(header, 116, 8, 0);  // gid
  octal_field(header, 124, 12, bytes.size());
  octal_field(header, 136, 12, 0);  // mtime
  header[156] = '0';                // regular file
  header.replace(257, 8,
                 std::string_view("ustar\0"
                                  "00",
                                  8));
  header.replace(148, 8, 8, ' ');  // the checksum counts its own field as spaces
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  std::snprintf(header.data() + 148, 8, "%06o", sum);  // six digits, NUL, then the space
  archive_ += header;
  archive_ += bytes;
  archive_.append((kBlock - bytes.size() % kBlock) % kBlock, '\0');
}

std::string UstarWriter::finish() {
  archive_.append(2 * kBlock, '\0');
  return std::exchange(archive_, {});
}

}  // namespace zkd
