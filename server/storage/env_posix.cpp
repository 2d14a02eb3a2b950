// The POSIX Env: plain open/write/pread/fdatasync, retrying EINTR and short writes.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "server/storage/env.hpp"

namespace zks::storage {
namespace {

Status PosixError(const std::string& op, const std::string& path, int err) {
  if (err == ENOENT) return Status::NotFound(op + " " + path);
  if (err == EEXIST) return Status::AlreadyExists(op + " " + path);
  return Status::IoError(op + " " + path, err);
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Append(std::string_view data) override {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return PosixError("write", path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  Status Sync() override {
    if (::fdatasync(fd_) != 0) return PosixError("fdatasync", path_, errno);
    return Status::Ok();
  }

  Status Close() override {
    int fd = fd_;
    fd_ = -1;
    if (fd >= 0 && ::close(fd) != 0) return PosixError("close", path_, errno);
    return Status::Ok();
  }

 private:
  std::string path_;
  int fd_;
};

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixRandomAccessFile() override { ::close(fd_); }

  Status Read(uint64_t offset, size_t n, std::string* out) const override {
    out->resize(n);
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out->data() + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return PosixError("pread", path_, errno);
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    out->resize(done);
    return Status::Ok();
  }

 private:
  std::string path_;
  int fd_;
};

Status OpenFd(const std::string& path, int flags, int* fd) {
  do {
    *fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  } while (*fd < 0 && errno == EINTR);
  if (*fd < 0) return PosixError("open", path, errno);
  return Status::Ok();
}

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override { ::close(fd_); }  // closing the descriptor releases the lock

 private:
  int fd_;
};

class PosixEnv final : public Env {
 public:
  Status NewWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) override {
    int fd;
    Status s = OpenFd(path, O_WRONLY | O_CREAT | O_TRUNC, &fd);
    if (s.ok()) *out = std::make_unique<PosixWritableFile>(path, fd);
    return s;
  }

  Status NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>* out) override {
    int fd;
    Status s = OpenFd(path, O_WRONLY | O_APPEND, &fd);
    if (s.ok()) *out = std::make_unique<PosixWritableFile>(path, fd);
    return s;
  }

  Status NewRandomAccessFile(const std::string& path,
                             std::unique_ptr<RandomAccessFile>* out) override {
    int fd;
    Status s = OpenFd(path, O_RDONLY, &fd);
    if (s.ok()) *out = std::make_unique<PosixRandomAccessFile>(path, fd);
    return s;
  }

  Status ReadFileToString(const std::string& path, std::string* out) override {
    std::unique_ptr<RandomAccessFile> file;
    Status s = NewRandomAccessFile(path, &file);
    uint64_t size = 0;
    if (s.ok()) s = GetFileSize(path, &size);
    if (s.ok()) s = file->Read(0, size, out);
    return s;
  }

  Status GetChildren(const std::string& dir, std::vector<std::string>* names) override {
    names->clear();
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return PosixError("opendir", dir, errno);
    while (struct dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names->push_back(std::move(name));
    }
    ::closedir(d);
    return Status::Ok();
  }

  Status FileExists(const std::string& path) override {
    if (::access(path.c_str(), F_OK) != 0) return PosixError("access", path, errno);
    return Status::Ok();
  }

  Status GetFileSize(const std::string& path, uint64_t* size) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return PosixError("stat", path, errno);
    *size = static_cast<uint64_t>(st.st_size);
    return Status::Ok();
  }

  Status RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return PosixError("unlink", path, errno);
    return Status::Ok();
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return PosixError("rename to " + to, from, errno);
    return Status::Ok();
  }

  Status LinkFile(const std::string& from, const std::string& to) override {
    if (::link(from.c_str(), to.c_str()) != 0) return PosixError("link", to, errno);
    return Status::Ok();
  }

  Status TruncateFile(const std::string& path, uint64_t size) override {
    int fd;
    Status s = OpenFd(path, O_WRONLY, &fd);
    if (!s.ok()) return s;
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      s = PosixError("ftruncate", path, errno);
    } else if (::fsync(fd) != 0) {
      s = PosixError("fsync", path, errno);
    }
    ::close(fd);
    return s;
  }

  Status SyncDir(const std::string& dir) override {
    int fd;
    Status s = OpenFd(dir, O_RDONLY | O_DIRECTORY, &fd);
    if (!s.ok()) return s;
    if (::fsync(fd) != 0) s = PosixError("fsync directory", dir, errno);
    ::close(fd);
    return s;
  }

  Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    int fd;
    Status s = OpenFd(path, O_RDWR | O_CREAT, &fd);
    if (!s.ok()) return s;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK)
        return Status::IoError("lock " + path + " (held by another process)", err);
      return PosixError("flock", path, err);
    }
    *lock = std::make_unique<PosixFileLock>(fd);
    return Status::Ok();
  }

  Status CreateDirs(const std::string& dir) override {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IoError("create directory " + dir, ec.value());
    return Status::Ok();
  }
};

}  // namespace

Env* Env::Default() {
  static PosixEnv* env = new PosixEnv();  // never destroyed: usable during static teardown
  return env;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace zks::storage
