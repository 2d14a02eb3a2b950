#include "orchestrator/apply/host_state.hpp"

#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/transport/remote_files.hpp"

namespace zkd {

nlohmann::json host_state_json(const DesiredHost& desired, const RunIdentity& run,
                               const InventoryRecord& inventory) {
  nlohmann::json files = nlohmann::json::object();
  for (const ManagedFile& file : desired.files) files[file.path] = sha256_hex(file.content);
  return {{"format_version", 1},
          {"applied_at", iso_utc(std::chrono::system_clock::now())},
          {"run", run.run_id},
          {"by", run.user + "@" + run.machine},
          {"inventory", inventory.path},
          {"inventory_sha256", inventory.sha256},
          {"cluster", desired.cluster},
          {"host", desired.name},
          {"myid", desired.myid},
          {"release", release_id(desired.release.sha256)},
          {"artifact",
           {{"kind", desired.release.kind},
            {"sha256", desired.release.sha256},
            {"version", desired.release.version}}},
          {"files", files}};
}

void record_host_state(Transport& t, const Host& host, const nlohmann::json& state) {
  write_file_atomic(t, host.state_dir() + "/state.json", state.dump(2) + "\n", {0644, {}});
}

}  // namespace zkd
