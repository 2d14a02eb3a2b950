// The journal: one JSON object per line, appended and flushed as each step begins and ends,
// so an interrupted run still leaves a complete record of what it did. Every line has
//   {"run": id, "time": ISO-8601 UTC with ms, "event": "begin"|"end", "step", "cluster",
//    "host", "detail"}  and on "end" also  {"ok": bool, "ms": elapsed, "error"?: text}.
// The run itself is the step "run" (begin with the holder identity and inventory path, end
// with the exit code in "detail"). Default path: ~/.zkdeploy/runs/<run-id>.jsonl.
#pragma once

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "orchestrator/apply/step_observer.hpp"

namespace zkd {

class Journal : public StepObserver {
 public:
  // Opens `path` for appending (creating its directory); throws std::runtime_error naming it.
  Journal(const std::filesystem::path& path, std::string run_id);

  void begin(const StepEvent& event) override;
  void end(const StepEvent& event, const StepOutcome& outcome) override;

  const std::filesystem::path& path() const { return path_; }

  // ~/.zkdeploy/runs/<run_id>.jsonl (relative to the working directory without HOME).
  static std::filesystem::path default_path(const std::string& run_id);

  // The line for one event (pure; exposed for tests). `time_ms` is Unix time in ms.
  static nlohmann::json line(const std::string& run_id, int64_t time_ms, const StepEvent& event,
                             const StepOutcome* outcome);

 private:
  void write(const nlohmann::json& line);

  std::filesystem::path path_;
  std::string run_id_;
  std::mutex mutex_;
  std::ofstream out_;
};

}  // namespace zkd
