#include "tests/e2e/playbooks/ansible_run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace zkd::testing {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Ansible's settings for a hermetic run: no colour, no retry files, its temporary files and
// control sockets under `dir`, host keys checked against the harness's known_hosts.
std::vector<std::string> ansible_environment(const std::string& dir) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).starts_with("ANSIBLE_")) continue;
    env.emplace_back(*e);
  }
  for (const char* sub : {"local", "remote", "cp"}) fs::create_directories(dir + "/" + sub);
  env.insert(
      env.end(),
      {"ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=0", "ANSIBLE_HOST_KEY_CHECKING=1",
       "ANSIBLE_PIPELINING=1", "ANSIBLE_GATHERING=explicit", "ANSIBLE_LOCAL_TEMP=" + dir + "/local",
       "ANSIBLE_REMOTE_TMP=" + dir + "/remote", "ANSIBLE_SSH_CONTROL_PATH_DIR=" + dir + "/cp",
       "ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3"});
  return env;
}

}  // namespace

std::string write_ansible_inventory(const TestHosts& hosts, const std::string& cluster,
                                    const std::string& heap) {
  std::string yaml =
      "zookeeper:\n"
      "  vars:\n"
      "    ansible_user: root\n"
      "    ansible_port: 2222\n"
      "    ansible_ssh_private_key_file: " +
      hosts.client_key() +
      "\n"
      "    ansible_ssh_common_args: -o UserKnownHostsFile=" +
      hosts.known_hosts() +
      " -o StrictHostKeyChecking=yes\n"
      "    zk_cluster: " +
      cluster +
      "\n"
      "    zk_artifact_kind: apache-zookeeper\n"
      "    zk_java: /usr/bin/java\n"
      "    zk_heap_size: " +
      heap +
      "\n"
      "    zk_health_timeout: 30\n"
      "  hosts:\n";
  for (const TestHost& h : hosts.hosts()) {
    yaml += "    " + h.name + ": { ansible_host: " + h.address +
            ", zk_install_root: " + h.install_root + " }\n";
  }
  const std::string path = hosts.dir() + "/ansible-hosts.yaml";
  std::ofstream(path) << yaml;
  return path;
}

std::vector<std::string> PlaybookRun::hosts_with(const std::string& task,
                                                 const std::string& status) const {
  std::vector<std::string> found;
  for (const TaskResult& r : results) {
    if (r.task == task && r.status == status) found.push_back(r.host);
  }
  return found;
}

std::vector<TaskResult> parse_task_results(const std::string& output) {
  std::vector<TaskResult> results;
  std::istringstream in(output);
  std::string line, task;
  while (std::getline(in, line)) {
    if (line.starts_with("TASK [")) {
      const size_t end = line.find(']');
      task = line.substr(6, end == std::string::npos ? std::string::npos : end - 6);
      continue;
    }
    const size_t open = line.find(": [");
    if (task.empty() || open == std::string::npos) continue;
    const std::string status = line.substr(0, open);
    if (status != "ok" && status != "changed" && status != "skipping" && status != "failed" &&
        status != "fatal") {
      continue;
    }
    const size_t close = line.find(']', open);
    if (close == std::string::npos) continue;
    results.push_back({task, line.substr(open + 3, close - open - 3), status});
  }
  return results;
}

PlaybookRun run_playbook(const TestHosts& hosts, const std::string& inventory,
                         const std::string& playbook, std::chrono::milliseconds deadline) {
  const std::string out_path = hosts.dir() + "/ansible.out";
  std::vector<std::string> env_strings = ansible_environment(hosts.dir() + "/ansible");
  std::vector<char*> env;
  for (std::string& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  std::vector<std::string> args = {"/usr/bin/ansible-playbook", "-i", inventory, playbook};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + out_path);
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);  // its own process group: a timeout stops Ansible's workers too
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), env.data());
    ::_exit(127);
  }
  ::close(fd);
  ::setpgid(pid, pid);
  PlaybookRun run;
  int status = 0;
  const bool finished =
      wait_until([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, deadline);
  if (!finished) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  } else if (WIFEXITED(status)) {
    run.exit_code = WEXITSTATUS(status);
  }
  run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  run.output = slurp(out_path);
  run.results = parse_task_results(run.output);
  return run;
}

}  // namespace zkd::testing
