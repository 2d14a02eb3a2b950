#include "orchestrator/gather/host_report.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>

#include "orchestrator/plan/content_hash.hpp"

namespace zkd {
namespace {

// Reads only. Values from the host's filesystem are printed as `=VALUE` when they hold only
// [A-Za-z0-9._/+-] (release ids and link targets zkdeploy writes) or else as od's hex bytes;
// file and lock contents travel raw in one `data` block whose sizes stat gave. Process
// start-up is most of a gather's time on a busy host, so a host costs two or three: one stat
// (the managed files and the lock), one cat (all of their bytes), and stat -f only when the
// desired release is missing (free disk matters only for an upload); `current` is resolved
// by the shell's own `cd -P` (readlink only for a link to no directory; every path here is
// absolute, so the directory the script ends in does not matter).
constexpr const char* kScript = R"SH(root=$1 want=$2; shift 2
LC_ALL=C; export LC_ALL
v() { case $2 in ''|*[!A-Za-z0-9._/+-]*) h=$(printf %s "$2" | od -An -v -tx1 -w1048576); echo "$1$h" ;; *) echo "$1 =$2" ;; esac; }
gone() { echo "zkdeploy-gather: $1 changed while it was read" >&2; exit 75; }
echo 'zkdeploy-gather 3'
n=$#; i=0; idx=
for f in "$@"; do
  if [ -f "$f" ] && [ -r "$f" ]; then set -- "$@" "$f"; idx="$idx$i "; else echo "file $i -"; fi
  i=$((i+1))
done
shift "$n"
nf=$# lk=$root/.zkdeploy/lock
if [ -f "$lk" ] && [ -r "$lk" ]; then set -- "$@" "$lk"; else echo 'lock -'; fi
n=$# k=0 total=0 st=
if [ "$n" -gt 0 ]; then st=$(stat -Lc '%a %s' -- "$@") || gone 'a managed file'; fi
for f in "$@"; do
  ms=${st%%"
"*}; st=${st#*"
"}
  m=${ms% *}; s=${ms#* }
  if [ "$k" -lt "$nf" ]; then
    i=${idx%% *}; idx=${idx#* }
    if [ "$s" -le 1048576 ]; then echo "file $i $m raw $s"; set -- "$@" "$f"; total=$((total+s))
    else h=$(sha256sum < "$f") || gone "$f"; echo "file $i $m big $s ${h%% *}"; fi
  elif [ "$s" -le 4096 ]; then echo "lock raw $s"; set -- "$@" "$f"; total=$((total+s))
  else echo "lock big $s"; fi
  k=$((k+1))
done
shift "$n"
if [ -L "$root/current" ]; then
  if cd -P -- "$root/current" 2>/dev/null; then v current "${PWD##*/}"; cd /
  else v current "$(readlink -- "$root/current")"; fi
else echo 'current -'; fi
for d in "$root"/releases/*; do [ -d "$d" ] && v release "${d##*/}"; done
pf=$root/run/zkserver.pid
if [ -f "$pf" ]; then
  p=; read -r p _ < "$pf"
  case $p in
    ''|*[!0-9]*) echo 'pid bad' ;;
    *) s=dead
       if [ -d /proc/self ]; then
         while read -r k val; do
           [ "$k" = State: ] && { case $val in Z*) ;; *) s=alive ;; esac; break; }
         done 2>/dev/null < "/proc/$p/status"
       elif kill -0 "$p" 2>/dev/null; then s=alive; fi
       echo "pid $p $s" ;;
  esac
else echo 'pid none'; fi
if [ -n "$want" ] && [ -d "$root/releases/$want" ]; then echo 'free '
else
  d=$root
  while [ ! -e "$d" ]; do d=${d%/*}; [ -n "$d" ] || d=/; done
  printf 'free '; stat -f -c '%a %S' -- "$d" 2>/dev/null || echo
fi
if [ $# -gt 0 ]; then echo "data $total"; cat -- "$@" || gone 'a managed file'; echo; fi
echo end
)SH";

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos <= line.size()) {
    const size_t space = line.find(' ', pos);
    const size_t end = space == std::string_view::npos ? line.size() : space;
    words.push_back(line.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

[[noreturn]] void bad(std::string_view line, std::string_view why) {
  throw std::runtime_error("unexpected gather output (" + std::string(why) +
                           "): " + std::string(line.substr(0, 120)));
}

std::string from_hex(std::string_view hex, std::string_view line) {
  if (hex.size() % 2 != 0) bad(line, "odd hex length");
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (ec != std::errc() || end != hex.data() + i + 2) bad(line, "bad hex");
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

bool plain_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '/' ||
         c == '+' || c == '-';
}

// The value in words [from, end): `=VALUE` (plain characters only) or hex bytes in any
// number of words; no words is the empty value.
std::string value_of(const std::vector<std::string_view>& w, size_t from, std::string_view line) {
  if (w.size() == from + 1 && w[from].starts_with('=')) {
    const std::string_view plain = w[from].substr(1);
    for (char c : plain) {
      if (!plain_char(c)) bad(line, "unquoted value");
    }
    return std::string(plain);
  }
  std::string bytes;
  for (size_t i = from; i < w.size(); ++i) bytes += from_hex(w[i], line);
  return bytes;
}

template <class T>
T number(std::string_view word, std::string_view line, int base = 10) {
  T value{};
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value, base);
  if (word.empty() || ec != std::errc() || end != word.data() + word.size()) {
    bad(line, "bad number");
  }
  return value;
}

// A file record; a raw file's bytes come later, in the data block (pending_raw).
void read_file_line(const std::vector<std::string_view>& w, std::string_view line,
                    HostReport& report, std::vector<bool>& seen, std::vector<size_t>& raw) {
  if (w.size() < 3) bad(line, "short file record");
  const auto index = number<size_t>(w[1], line);
  if (index >= report.files.size() || seen[index]) bad(line, "file index");
  seen[index] = true;
  ReportedFile& file = report.files[index];
  if (w[2] == "-" && w.size() == 3) return;
  if (w.size() < 5) bad(line, "short file record");
  file.exists = true;
  file.mode = number<unsigned>(w[2], line, 8);
  file.size = number<uint64_t>(w[4], line);
  if (w[3] == "raw" && w.size() == 5 && file.size <= kMaxGatheredBytes) {
    if (!raw.empty() && raw.back() > index) bad(line, "file order");
    raw.push_back(index);
  } else if (w[3] == "big" && w.size() == 6 && w[5].size() == 64) {
    file.sha256 = std::string(w[5]);
  } else {
    bad(line, "file record");
  }
}

}  // namespace

std::vector<std::string> gather_argv(const std::string& cluster_root, const std::string& release,
                                     const std::vector<std::string>& paths) {
  std::vector<std::string> argv{"sh", "-c", kScript, "zkdeploy-gather", cluster_root, release};
  argv.insert(argv.end(), paths.begin(), paths.end());
  return argv;
}

HostReport parse_host_report(std::string_view out, size_t file_count) {
  HostReport report;
  report.files.resize(file_count);
  std::vector<bool> seen(file_count, false);
  std::vector<size_t> raw;  // files whose bytes the data block carries, in order
  std::optional<uint64_t> raw_lock;
  bool header = false, ended = false, current = false, pid = false, free = false, lock = false,
       data = false;
  size_t pos = 0;
  while (pos < out.size() && !ended) {
    const size_t nl = out.find('\n', pos);
    if (nl == std::string_view::npos) bad(out.substr(pos), "unterminated line");
    const std::string_view line = out.substr(pos, nl - pos);
    pos = nl + 1;
    const auto w = split_words(line);
    if (!header) {
      if (line != "zkdeploy-gather 3") bad(line, "no header");
      header = true;
    } else if (w[0] == "file" && !data) {
      read_file_line(w, line, report, seen, raw);
    } else if (w[0] == "current" && !current) {
      current = true;
      if (line != "current -") report.current_target = value_of(w, 1, line);
    } else if (w[0] == "release" && w.size() >= 2) {
      report.releases.push_back(value_of(w, 1, line));
    } else if (w[0] == "pid" && !pid) {
      pid = true;
      if (w.size() == 2 && w[1] == "bad") {
        report.pid_file_bad = true;
      } else if (w.size() == 3 && (w[2] == "alive" || w[2] == "dead")) {
        report.pid = number<int64_t>(w[1], line);
        report.pid_alive = w[2] == "alive";
      } else if (!(w.size() == 2 && w[1] == "none")) {
        bad(line, "pid record");
      }
    } else if (w[0] == "free" && !free) {
      free = true;
      if (w.size() == 3) {
        report.free_bytes = number<uint64_t>(w[1], line) * number<uint64_t>(w[2], line);
      } else if (!(w.size() == 2 && w[1].empty())) {
        bad(line, "free record");
      }
    } else if (w[0] == "lock" && !lock) {
      lock = true;
      if (w.size() == 3 && w[1] == "raw" && !data) {
        raw_lock = number<uint64_t>(w[2], line);
        if (*raw_lock > kMaxLockBytes) bad(line, "lock record");
      } else if (w.size() == 3 && w[1] == "big") {
        report.lock_holder = "(a lock file of " + std::string(w[2]) + " bytes)";
      } else if (line != "lock -") {
        bad(line, "lock record");
      }
    } else if (w[0] == "data" && w.size() == 2 && !data) {
      data = true;
      // Exactly the announced bytes, then a newline: a file that changed size between its
      // stat and its read shifts the framing, and the report is rejected.
      const auto total = number<uint64_t>(w[1], line);
      uint64_t expected = raw_lock.value_or(0);
      for (size_t i : raw) expected += report.files[i].size;
      if (total != expected) bad(line, "data size");
      if (out.size() - pos < total + 1 || out[pos + total] != '\n') {
        bad(line, "data block: a file changed while it was read");
      }
      std::string_view bytes = out.substr(pos, total);
      pos += total + 1;
      for (size_t i : raw) {
        ReportedFile& file = report.files[i];
        file.content = std::string(bytes.substr(0, file.size));
        file.sha256 = sha256_hex(*file.content);
        bytes.remove_prefix(file.size);
      }
      if (raw_lock) report.lock_holder = std::string(bytes);
    } else if (line == "end") {
      ended = true;
    } else {
      bad(line, "unknown record");
    }
  }
  if (!ended) bad(out.substr(out.size() > 120 ? out.size() - 120 : 0), "truncated, no end");
  for (size_t i = 0; i < file_count; ++i) {
    if (!seen[i]) bad("file " + std::to_string(i), "missing file record");
  }
  if (!current || !pid || !free || !lock) bad("end", "missing record");
  if ((!raw.empty() || raw_lock) && !data) bad("end", "missing data block");
  return report;
}

std::string release_of_link(std::string_view target) {
  while (target.size() > 1 && target.back() == '/') target.remove_suffix(1);
  const size_t slash = target.rfind('/');
  return std::string(slash == std::string_view::npos ? target : target.substr(slash + 1));
}

}  // namespace zkd
