#include "tests/integration/plan/zookeeper_ensemble.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/plan/content_hash.hpp"
#include "orchestrator/render/renderer.hpp"
#include "orchestrator/state/artifact_digest.hpp"
#include "tests/harness/text_file.hpp"
#include "tests/harness/zookeeper_process.hpp"

namespace zkd::testing {
namespace fs = std::filesystem;
namespace {

constexpr const char* kJars = "/usr/share/java";

}  // namespace

ZooKeeperEnsembles::ZooKeeperEnsembles(const TestHosts& hosts, size_t per_cluster)
    : hosts_(hosts), per_cluster_(per_cluster), pids_(hosts.size(), -1) {
  std::string yaml =
      "defaults:\n  ssh: { user: root, port: 2222, identity_file: " + hosts.client_key() +
      ", known_hosts: " + hosts.known_hosts() +
      ", host_key_policy: strict }\n"
      "  artifact: { kind: apache-zookeeper, path: " +
      std::string(kJars) +
      ", java: /usr/bin/java }\n"
      "  config: { tickTime: 500, initLimit: 20, syncLimit: 10, "
      "admin.enableServer: false }\n"
      "clusters:\n";
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (i % per_cluster == 0) yaml += "  " + cluster_of(i) + ":\n    hosts:\n";
    yaml += hosts.inventory_entry(i, static_cast<int>(i % per_cluster + 1));
  }
  inventory_ = hosts.dir() + "/zookeeper.yaml";
  write_text_file(inventory_, yaml);
}

ZooKeeperEnsembles::~ZooKeeperEnsembles() {
  for (size_t i = 0; i < pids_.size(); ++i) stop(i);
}

std::string ZooKeeperEnsembles::cluster_of(size_t i) const {
  return "c" + std::to_string(i / per_cluster_ + 1);
}

std::string ZooKeeperEnsembles::zoo_cfg(size_t i) const {
  return hosts_[i].install_root + "/" + cluster_of(i) + "/conf/zoo.cfg";
}

void ZooKeeperEnsembles::install() {
  const LoadResult loaded = load_inventory(inventory_);
  if (!loaded.ok()) throw std::runtime_error("test inventory: " + loaded.diagnostics[0].message);
  const RenderResult rendered = render_inventory(loaded.inventory);
  if (!rendered.ok()) throw std::runtime_error("test inventory does not render");
  const std::string id = release_id(digest_artifact(kJars).sha256);
  for (const RenderedHost& r : rendered.hosts) {
    const Host& host = *r.host;
    for (const std::string& dir : {host.data_dir(), host.conf_dir(), host.logs_dir(),
                                   host.run_dir(), host.releases_dir() + "/" + id}) {
      fs::create_directories(dir);
    }
    for (const RenderedFile& f : r.files) {
      write_text_file(f.path, f.content);
      fs::permissions(f.path, static_cast<fs::perms>(f.mode));
    }
    fs::remove(host.current_link());
    fs::create_symlink("releases/" + id, host.current_link());
  }
}

void ZooKeeperEnsembles::start(size_t i) {
  if (pids_[i] > 0) return;
  const std::string root = hosts_[i].install_root + "/" + cluster_of(i);
  pids_[i] = start_zookeeper(zoo_cfg(i), root + "/logs");
  write_text_file(root + "/run/zkserver.pid", std::to_string(pids_[i]) + "\n");
}

void ZooKeeperEnsembles::start_all() {
  for (size_t i = 0; i < pids_.size(); ++i) start(i);
}

void ZooKeeperEnsembles::stop(size_t i) {
  if (pids_[i] <= 0) return;
  ::kill(pids_[i], SIGKILL);
  int status = 0;
  ::waitpid(pids_[i], &status, 0);
  pids_[i] = -1;
}

std::string ZooKeeperEnsembles::srvr(size_t i) const {
  return four_letter_word(hosts_[i].address, 2181, "srvr");
}

std::string ZooKeeperEnsembles::mode(size_t i) const {
  return server_mode(hosts_[i].address);
}

bool ZooKeeperEnsembles::wait_serving(std::chrono::milliseconds deadline) const {
  return wait_until(
      [&] {
        std::map<std::string, int> leaders;
        for (size_t i = 0; i < pids_.size(); ++i) {
          if (pids_[i] <= 0) continue;
          const std::string m = mode(i);
          if (m != "leader" && m != "follower") return false;
          leaders[cluster_of(i)] += m == "leader";
        }
        for (const auto& [cluster, count] : leaders) {
          if (count != 1) return false;
        }
        return true;
      },
      deadline);
}

}  // namespace zkd::testing
