// Small files replaced or created atomically and durably. A reader after any crash sees either
// the old complete file or the new complete file, never a mix; and once the call returns Ok the
// new file survives a crash. Method: write "<name>.tmp", fsync it, rename (or link) it into
// place, fsync the directory. Leftover "<name>.tmp" files from a crash are simply overwritten.
#pragma once

#include <string>
#include <string_view>

#include "server/storage/env.hpp"

namespace zks::storage {

inline std::string TempFileName(const std::string& name) {
  return name + ".tmp";
}

// Writes contents to dir/name, replacing any previous file.
Status WriteFileAtomically(Env* env, const std::string& dir, const std::string& name,
                           std::string_view contents);

// Creates dir/name with contents only if no such file exists (AlreadyExists otherwise, and the
// existing file is untouched). Two racing creators cannot both succeed.
Status CreateFileOnce(Env* env, const std::string& dir, const std::string& name,
                      std::string_view contents);

}  // namespace zks::storage
