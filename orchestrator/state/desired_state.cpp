#include "orchestrator/state/desired_state.hpp"

#include <map>
#include <stdexcept>

#include "orchestrator/render/service_unit.hpp"
#include "orchestrator/state/artifact_digest.hpp"

namespace zkd {
namespace {

FileRole role_of(const Host& host, const std::string& path) {
  if (path == host.zoo_cfg_path()) return FileRole::zoo_cfg;
  if (path == host.myid_path()) return FileRole::myid;
  if (path == systemd_unit_path(host.install_root, host.cluster)) return FileRole::service_unit;
  return FileRole::other;
}

}  // namespace

std::vector<DesiredHost> build_desired_state(const RenderResult& rendered,
                                             const std::filesystem::path& digest_cache) {
  DigestCache cache(digest_cache);
  std::map<std::string, ArtifactDigest> digests;  // by local path: each artifact read once
  std::vector<DesiredHost> desired;
  desired.reserve(rendered.hosts.size());
  for (const RenderedHost& r : rendered.hosts) {
    const Host& host = *r.host;
    DesiredHost d;
    d.cluster = host.cluster;
    d.name = host.name;
    d.address = host.address;
    d.myid = host.myid;
    d.role = host.is_voter() ? MemberRole::participant : MemberRole::observer;
    d.install_root = host.install_root;
    d.rollout = host.rollout;
    for (const RenderedFile& f : r.files) {
      d.files.push_back({f.path, f.content, f.display, f.mode, role_of(host, f.path)});
    }
    const std::string artifact = host.artifact.path.string();
    auto it = digests.find(artifact);
    if (it == digests.end()) {
      try {
        it = digests.emplace(artifact, digest_artifact(host.artifact.path, &cache)).first;
      } catch (const std::exception& e) {
        throw std::runtime_error(host.name + ": " + e.what());
      }
    }
    d.release.kind = std::string(to_string(host.artifact.kind));
    d.release.local_path = artifact;
    d.release.sha256 = it->second.sha256;
    d.release.size = it->second.size;
    d.release.version = it->second.version;
    desired.push_back(std::move(d));
  }
  cache.save();
  return desired;
}

}  // namespace zkd
