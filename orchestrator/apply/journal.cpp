#include "orchestrator/apply/journal.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

namespace zkd {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_ms(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

}  // namespace

Journal::Journal(const std::filesystem::path& path, std::string run_id)
    : path_(path), run_id_(std::move(run_id)) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  out_.open(path, std::ios::app);
  if (!out_) throw std::runtime_error("cannot open journal " + path.string());
}

std::filesystem::path Journal::default_path(const std::string& run_id) {
  const char* home = std::getenv("HOME");
  const std::filesystem::path base = home != nullptr ? home : ".";
  return base / ".zkdeploy" / "runs" / (run_id + ".jsonl");
}

nlohmann::json Journal::line(const std::string& run_id, int64_t time_ms, const StepEvent& event,
                             const StepOutcome* outcome) {
  nlohmann::json j = {
      {"run", run_id},         {"time", iso_ms(time_ms)},  {"event", outcome ? "end" : "begin"},
      {"step", event.step},    {"cluster", event.cluster}, {"host", event.host},
      {"detail", event.detail}};
  if (outcome) {
    j["ok"] = outcome->ok;
    j["ms"] = outcome->elapsed.count();
    if (!outcome->ok) j["error"] = outcome->error;
  }
  return j;
}

void Journal::begin(const StepEvent& event) {
  write(line(run_id_, now_ms(), event, nullptr));
}

void Journal::end(const StepEvent& event, const StepOutcome& outcome) {
  write(line(run_id_, now_ms(), event, &outcome));
}

void Journal::write(const nlohmann::json& j) {
  const std::lock_guard lock(mutex_);
  out_ << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  out_.flush();
}

}  // namespace zkd
