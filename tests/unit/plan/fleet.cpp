#include "tests/unit/plan/fleet.hpp"

#include "orchestrator/plan/content_hash.hpp"

namespace zkd::test {

namespace {

std::string cfg_path() {
  return "/opt/zkdeploy/east/conf/zoo.cfg";
}
std::string myid_path() {
  return "/opt/zkdeploy/east/data/myid";
}

std::string masked(const std::string& content, const std::string& secret) {
  std::string out = content;
  for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret)) {
    out.replace(at, secret.size(), "(masked)");
  }
  return out;
}

DesiredHost desired_host(int myid, int servers) {
  DesiredHost host;
  host.cluster = "east";
  host.name = "zk" + std::to_string(myid);
  host.address = "10.0.0." + std::to_string(myid);
  host.myid = myid;
  host.install_root = "/opt/zkdeploy";
  const std::string cfg = zoo_cfg(servers);
  host.files.push_back({cfg_path(), cfg, masked(cfg, "s3cret"), 0644, FileRole::zoo_cfg});
  const std::string id = std::to_string(myid) + "\n";
  host.files.push_back({myid_path(), id, id, 0644, FileRole::myid});
  host.release = {"zkserver", "build/bin/zkserver", kSha, 4 << 20, "0.1.0"};
  return host;
}

ObservedFile observed_copy(const ManagedFile& file) {
  return ObservedFile{true, sha256_hex(file.content), file.content, file.display, file.mode};
}

ServerStatus serving(ServerMode mode) {
  ServerStatus status;
  status.answered = status.imok = status.serving = true;
  status.mode = mode;
  status.mode_text = std::string(mode_name(mode));
  status.zxid = 0x100000010;
  status.connections = 3;
  status.outstanding = 0;
  status.version = "3.8.0";
  return status;
}

}  // namespace

std::string zoo_cfg(int servers, const std::string& secret) {
  std::string cfg =
      "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/opt/zkdeploy/east/data\n"
      "clientPort=2181\nauthSecret=" +
      secret + "\n";
  for (int i = 1; i <= servers; ++i) {
    const std::string n = std::to_string(i);
    cfg += "server." + n + "=10.0.0." + n + ":2888:3888\n";
  }
  return cfg;
}

void Fleet::set_config(const std::string& line) {
  const std::string key = line.substr(0, line.find('=') + 1);
  for (DesiredHost& host : desired) {
    for (ManagedFile& file : host.files) {
      if (file.role != FileRole::zoo_cfg) continue;
      for (std::string* text : {&file.content, &file.display}) {
        size_t at = text->find(key);
        if (at == std::string::npos) {
          *text += line + "\n";
        } else {
          text->replace(at, text->find('\n', at) - at, line);
        }
      }
    }
  }
}

void Fleet::elect(int myid) {
  int participants = 0;
  for (const DesiredHost& host : desired) participants += host.role == MemberRole::participant;
  for (size_t i = 0; i < observed.size(); ++i) {
    ServerStatus& status = observed[i].status;
    if (!status.serving) continue;
    const bool leads = static_cast<int>(i) + 1 == myid;
    ServerMode mode = desired[i].role == MemberRole::observer ? ServerMode::observer
                      : leads                                 ? ServerMode::leader
                                                              : ServerMode::follower;
    if (participants == 1 && leads) mode = ServerMode::standalone;
    status = serving(mode);
    if (leads && participants > 1) {
      status.synced_followers = participants - 1;
      status.synced_non_voting_followers = 0;
      status.synced_observers = static_cast<int64_t>(desired.size()) - participants;
      status.pending_syncs = 0;
      status.learners = static_cast<int64_t>(desired.size()) - 1;
    }
  }
}

void Fleet::stop(int myid) {
  ObservedHost& host = have(myid);
  host.server_pid.reset();
  host.status = ServerStatus{};
  host.status.problems = {"connect 10.0.0." + std::to_string(myid) + ":2181: connection refused"};
  for (ObservedHost& other : observed) {
    if (other.status.synced_followers) --*other.status.synced_followers;
  }
}

Fleet converged(int servers, int leader) {
  Fleet fleet;
  for (int i = 1; i <= servers; ++i) {
    DesiredHost want = desired_host(i, servers);
    ObservedHost have;
    have.name = want.name;
    have.reachable = true;
    for (const ManagedFile& file : want.files) have.files[file.path] = observed_copy(file);
    have.current_release = release_id(kSha);
    have.releases = {have.current_release};
    have.server_pid = 1000 + i;
    have.free_bytes = 10ull << 30;
    have.status = serving(ServerMode::follower);
    fleet.desired.push_back(std::move(want));
    fleet.observed.push_back(std::move(have));
  }
  fleet.elect(leader);
  return fleet;
}

Fleet fresh(int servers) {
  Fleet fleet;
  for (int i = 1; i <= servers; ++i) {
    DesiredHost want = desired_host(i, servers);
    want.new_host = true;
    ObservedHost have;
    have.name = want.name;
    have.reachable = true;
    have.free_bytes = 10ull << 30;
    have.status.problems = {"connect: connection refused"};
    fleet.desired.push_back(std::move(want));
    fleet.observed.push_back(std::move(have));
  }
  return fleet;
}

}  // namespace zkd::test
