#include "orchestrator/gather/host_report.hpp"

#include <charconv>
#include <stdexcept>

#include "orchestrator/plan/content_hash.hpp"

namespace zkd {
namespace {

// Reads only. Every value that comes from the host's filesystem goes through x (hex).
constexpr const char* kScript = R"SH(root=$1; shift
x() { od -An -v -tx1 | tr -d ' \n'; }
echo 'zkdeploy-gather 1'
i=0
for f in "$@"; do
  if [ -f "$f" ] && [ -r "$f" ]; then
    ms=$(stat -Lc '%a %s' -- "$f"); m=${ms% *}; n=${ms#* }
    if [ "$n" -le 1048576 ]; then printf 'file %d %s text ' "$i" "$m"; x < "$f"; echo
    else printf 'file %d %s big %s %s\n' "$i" "$m" "$n" "$(sha256sum < "$f" | cut -c1-64)"; fi
  else printf 'file %d -\n' "$i"; fi
  i=$((i+1))
done
if [ -L "$root/current" ]; then printf 'current '; printf %s "$(readlink -- "$root/current")" | x; echo
else echo 'current -'; fi
for d in "$root"/releases/*; do
  [ -d "$d" ] || continue; printf 'release '; printf %s "${d##*/}" | x; echo
done
pf=$root/run/zkserver.pid
if [ -f "$pf" ]; then
  p=; read -r p _ < "$pf"
  case $p in
    ''|*[!0-9]*) echo 'pid bad' ;;
    *) s=dead
       if [ -d /proc/self ]; then
         [ -r "/proc/$p/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$p/status" && s=alive
       elif kill -0 "$p" 2>/dev/null; then s=alive; fi
       echo "pid $p $s" ;;
  esac
else echo 'pid none'; fi
d=$root
while [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
df -Pk -- "$d" | { read -r _; read -r _ _ _ a _; echo "free $a"; }
if [ -f "$root/.zkdeploy/lock" ]; then printf 'lock '; head -c 4096 "$root/.zkdeploy/lock" | x; echo
else echo 'lock -'; fi
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

template <class T>
T number(std::string_view word, std::string_view line, int base = 10) {
  T value{};
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value, base);
  if (word.empty() || ec != std::errc() || end != word.data() + word.size()) {
    bad(line, "bad number");
  }
  return value;
}

void read_file_line(const std::vector<std::string_view>& w, std::string_view line,
                    HostReport& report, std::vector<bool>& seen) {
  if (w.size() < 3) bad(line, "short file record");
  const auto index = number<size_t>(w[1], line);
  if (index >= report.files.size() || seen[index]) bad(line, "file index");
  seen[index] = true;
  ReportedFile& file = report.files[index];
  if (w[2] == "-" && w.size() == 3) return;
  if (w.size() < 4) bad(line, "short file record");
  file.exists = true;
  file.mode = number<unsigned>(w[2], line, 8);
  if (w[3] == "text" && w.size() == 5) {
    file.content = from_hex(w[4], line);
    file.size = file.content->size();
    file.sha256 = sha256_hex(*file.content);
  } else if (w[3] == "big" && w.size() == 6 && w[5].size() == 64) {
    file.size = number<uint64_t>(w[4], line);
    file.sha256 = std::string(w[5]);
  } else {
    bad(line, "file record");
  }
}

}  // namespace

std::vector<std::string> gather_argv(const std::string& cluster_root,
                                     const std::vector<std::string>& paths) {
  std::vector<std::string> argv{"sh", "-c", kScript, "zkdeploy-gather", cluster_root};
  argv.insert(argv.end(), paths.begin(), paths.end());
  return argv;
}

HostReport parse_host_report(std::string_view out, size_t file_count) {
  HostReport report;
  report.files.resize(file_count);
  std::vector<bool> seen(file_count, false);
  bool header = false, ended = false, current = false, pid = false, free = false, lock = false;
  size_t pos = 0;
  while (pos < out.size() && !ended) {
    const size_t nl = out.find('\n', pos);
    if (nl == std::string_view::npos) bad(out.substr(pos), "unterminated line");
    const std::string_view line = out.substr(pos, nl - pos);
    pos = nl + 1;
    const auto w = split_words(line);
    if (!header) {
      if (line != "zkdeploy-gather 1") bad(line, "no header");
      header = true;
    } else if (w[0] == "file") {
      read_file_line(w, line, report, seen);
    } else if (w[0] == "current" && w.size() == 2 && !current) {
      current = true;
      if (w[1] != "-") report.current_target = from_hex(w[1], line);
    } else if (w[0] == "release" && w.size() == 2) {
      report.releases.push_back(from_hex(w[1], line));
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
    } else if (w[0] == "free" && w.size() == 2 && !free) {
      free = true;
      if (!w[1].empty()) report.free_bytes = number<uint64_t>(w[1], line) * 1024;
    } else if (w[0] == "lock" && w.size() == 2 && !lock) {
      lock = true;
      if (w[1] != "-") report.lock_holder = from_hex(w[1], line);
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
  return report;
}

std::string release_of_link(std::string_view target) {
  while (target.size() > 1 && target.back() == '/') target.remove_suffix(1);
  const size_t slash = target.rfind('/');
  return std::string(slash == std::string_view::npos ? target : target.substr(slash + 1));
}

}  // namespace zkd
