#include "orchestrator/util/ustar.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <stdexcept>
#include <utility>

namespace zkd {
namespace {

la_ssize_t append(::archive*, void* sink, const void* buffer, size_t length) {
  static_cast<std::string*>(sink)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

[[noreturn]] void fail(::archive* a, const std::string& what) {
  const char* why = archive_error_string(a);
  throw std::runtime_error("cannot build the release archive: " + what + ": " +
                           (why != nullptr ? why : "unknown error"));
}

}  // namespace

UstarWriter::UstarWriter() {
  open();
}

UstarWriter::~UstarWriter() {
  archive_write_free(archive_);
}

void UstarWriter::open() {
  archive_ = archive_write_new();
  if (archive_ == nullptr) throw std::runtime_error("cannot build the release archive");
  // No padding of the last block to tar's 10 KiB record: the host reads an exact count.
  if (archive_write_set_format_ustar(archive_) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(archive_, 1) != ARCHIVE_OK ||
      archive_write_open(archive_, &bytes_, nullptr, append, nullptr) != ARCHIVE_OK) {
    fail(archive_, "open");
  }
}

void UstarWriter::add(std::string_view name, unsigned mode, std::string_view bytes) {
  if (name.empty() || name.size() > 99 || name.find('/') != std::string_view::npos) {
    throw std::invalid_argument("cannot archive file name '" + std::string(name) + "'");
  }
  const std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                       archive_entry_free);
  archive_entry_set_pathname(entry.get(), std::string(name).c_str());
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), mode & 07777u);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
  archive_entry_set_mtime(entry.get(), 0, 0);
  if (archive_write_header(archive_, entry.get()) != ARCHIVE_OK) fail(archive_, std::string(name));
  if (!bytes.empty() && archive_write_data(archive_, bytes.data(), bytes.size()) !=
                            static_cast<la_ssize_t>(bytes.size())) {
    fail(archive_, std::string(name));
  }
}

std::string UstarWriter::finish() {
  if (archive_write_close(archive_) != ARCHIVE_OK) fail(archive_, "close");
  archive_write_free(archive_);
  std::string done = std::exchange(bytes_, {});
  open();
  return done;
}

}  // namespace zkd
