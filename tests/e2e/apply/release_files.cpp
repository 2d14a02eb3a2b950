#include "tests/e2e/apply/release_files.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/state/artifact_digest.hpp"

namespace zkd::testing {
namespace fs = std::filesystem;

std::string artifact_dir(const ApplyCluster& cluster) {
  const LoadResult loaded = load_inventory(cluster.inventory());
  if (!loaded.ok()) throw std::runtime_error("the test inventory does not load");
  return loaded.inventory.clusters.at(0).hosts.at(0).artifact.path.string();
}

std::string release_of(const std::string& artifact_dir) {
  return release_id(digest_artifact(artifact_dir).sha256);
}

std::string make_release(const std::string& artifact_dir, const std::string& name) {
  std::ofstream(fs::path(artifact_dir) / "RELEASE", std::ios::trunc) << name << '\n';
  return release_of(artifact_dir);
}

std::string current_release(const ApplyCluster& cluster, size_t i) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(cluster.cluster_root(i) + "/current", ec);
  return ec ? std::string() : target.filename().string();
}

std::vector<std::string> host_steps(const ApplyCluster& cluster, int run) {
  std::vector<std::string> steps;
  for (const auto& line : cluster.journal_lines(run)) {
    if (line["event"] != "begin" || line["host"] == "") continue;
    steps.push_back(line["step"].get<std::string>() + " " + line["host"].get<std::string>());
  }
  return steps;
}

std::string connect_string(const ApplyCluster& cluster) {
  std::string connect;
  for (const TestHost& h : cluster.hosts().hosts()) {
    connect += (connect.empty() ? "" : ",") + h.address + ":2181";
  }
  return connect;
}

}  // namespace zkd::testing
