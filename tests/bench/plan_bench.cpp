// `zkdeploy plan` over 3 clusters x 3 hosts (9 real sshd test hosts, each running a real
// Apache ZooKeeper 3.8 server: three 3-node ensembles), against the same check done by an
// equivalent Ansible playbook (`ansible-playbook --check --diff`, template + copy of zoo.cfg
// and myid) on the same hosts. Prints figures; asserts nothing.
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/renderer.hpp"
#include "tests/integration/plan/zookeeper_ensemble.hpp"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Wall seconds of a shell command, and its exit status.
std::pair<double, int> timed(const std::string& command) {
  const auto start = Clock::now();
  const int status = std::system(command.c_str());
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  return {s, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// An Ansible inventory and playbook that check the same files on the same hosts.
std::string write_ansible(const zkd::testing::TestHosts& hosts, const std::string& inventory) {
  const std::string dir = hosts.dir() + "/ansible";
  const zkd::LoadResult loaded = zkd::load_inventory(inventory);
  const zkd::RenderResult rendered = zkd::render_inventory(loaded.inventory);
  std::string ini = "[zk]\n";
  for (const zkd::RenderedHost& r : rendered.hosts) {
    const std::string files = dir + "/files/" + r.host->name;
    fs::create_directories(files);
    std::ofstream(files + "/zoo.cfg") << r.files[0].content;
    ini += r.host->name + " ansible_host=" + r.host->address +
           " zoo_cfg=" + r.host->zoo_cfg_path() + " myid_path=" + r.host->myid_path() +
           " myid=" + std::to_string(r.host->myid) + "\n";
  }
  ini +=
      "[zk:vars]\nansible_port=2222\nansible_user=root\nansible_python_interpreter=/usr/bin/"
      "python3\nansible_ssh_private_key_file=" +
      hosts.client_key() +
      "\nansible_ssh_common_args='-o UserKnownHostsFile=" + hosts.known_hosts() +
      " -o StrictHostKeyChecking=yes'\n";
  std::ofstream(dir + "/hosts.ini") << ini;
  std::ofstream(dir + "/check.yml")
      << "- hosts: zk\n  gather_facts: false\n  tasks:\n"
         "    - name: zoo.cfg\n      template: { src: 'files/{{ inventory_hostname }}/zoo.cfg', "
         "dest: '{{ zoo_cfg }}', mode: '0644' }\n"
         "    - name: myid\n      copy: { content: \"{{ myid }}\\n\", dest: '{{ myid_path }}', "
         "mode: '0644' }\n";
  return dir;
}

}  // namespace

int main() {
  zkd::testing::TestHosts hosts(9, zkd::testing::TestHostsOptions{"c1"});
  zkd::testing::ZooKeeperEnsembles ensembles(hosts, 3);
  ensembles.install();
  const auto start = Clock::now();
  ensembles.start_all();
  if (!ensembles.wait_serving(std::chrono::seconds(120))) {
    std::printf("bench_plan: the three ensembles did not form\n");
    return 1;
  }
  std::printf("bench_plan: 3 Apache ZooKeeper 3.8 ensembles x 3 nodes serving after %.1f s\n",
              std::chrono::duration<double>(Clock::now() - start).count());

  const std::string plan = std::string(ZKDEPLOY_BIN) + " --no-color plan --forks 9 " +
                           ensembles.inventory() + " >/dev/null";
  std::vector<double> ours;
  int status = 0;
  for (int i = 0; i < 5; ++i) {
    auto [s, rc] = timed(plan);
    ours.push_back(s);
    status = rc;
  }
  std::printf("zkdeploy plan, 9 hosts, --forks 9: median %.3f s (min %.3f, max %.3f), exit %d\n",
              median(ours), *std::min_element(ours.begin(), ours.end()),
              *std::max_element(ours.begin(), ours.end()), status);

  const std::string dir = write_ansible(hosts, ensembles.inventory());
  const std::string ansible = "cd " + dir +
                              " && ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_NOCOLOR=1 "
                              "ansible-playbook --check --diff -f 9 -i hosts.ini check.yml "
                              ">ansible.log 2>&1";
  std::vector<double> theirs;
  for (int i = 0; i < 3; ++i) {
    auto [s, rc] = timed(ansible);
    theirs.push_back(s);
    status = rc;
  }
  std::printf("ansible-playbook --check --diff (template + copy), -f 9: median %.3f s, exit %d\n",
              median(theirs), status);
  std::printf("zkdeploy plan is %.1fx faster (target >= 20x; plan target < 0.5 s)\n",
              median(theirs) / median(ours));
  return 0;
}
