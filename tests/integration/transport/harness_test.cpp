// The test-host harness itself: whatever a test starts on its hosts is gone afterwards,
// whether the test ends normally, is terminated, or is killed outright.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "orchestrator/transport/ssh_transport.hpp"
#include "tests/harness/process_tree.hpp"
#include "tests/harness/test_hosts.hpp"

namespace zkd {
namespace {

using testing::TestHosts;

// Starts a daemon on host i that outlives its SSH session; returns its PID.
pid_t start_daemon(const TestHosts& hosts, size_t i) {
  SshTransport t(hosts.target(i));
  ExecRequest r;
  r.argv = {"sh", "-c", "setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!"};
  return static_cast<pid_t>(std::stol(exec_checked(t, r).out));
}

struct Started {
  std::vector<pid_t> pids;
  std::string dir;
};

Started started(const TestHosts& hosts) {
  Started s{{}, hosts.dir()};
  for (size_t i = 0; i < hosts.size(); ++i) s.pids.push_back(hosts[i].sshd_pid);
  s.pids.push_back(start_daemon(hosts, 0));
  return s;
}

bool all_gone(const std::vector<pid_t>& pids) {
  for (pid_t p : pids) {
    if (testing::is_alive(p)) return false;
  }
  return true;
}

TEST(Harness, DestructorStopsSshdAndWhatSessionsLeftRunning) {
  Started s;
  {
    TestHosts hosts(2);
    s = started(hosts);
    ASSERT_TRUE(testing::is_alive(s.pids.back()));
  }
  EXPECT_TRUE(all_gone(s.pids));
  EXPECT_FALSE(std::filesystem::exists(s.dir));
}

// Runs `body` with TestHosts(2) in a child process that reports what it started through a
// pipe and then dies by `signal`; returns what it started.
Started run_and_die(int signal) {
  int pipefd[2];
  EXPECT_EQ(::pipe(pipefd), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(pipefd[0]);
    TestHosts hosts(2);
    Started s = started(hosts);
    std::string report = s.dir + "\n";
    for (pid_t p : s.pids) report += std::to_string(p) + "\n";
    [[maybe_unused]] auto n = ::write(pipefd[1], report.data(), report.size());
    ::close(pipefd[1]);
    ::raise(signal);
    ::_exit(0);
  }
  ::close(pipefd[1]);
  std::string report;
  char buf[512];
  for (ssize_t n; (n = ::read(pipefd[0], buf, sizeof buf)) > 0;) report.append(buf, n);
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal);
  Started s;
  std::istringstream in(report);
  std::getline(in, s.dir);
  for (std::string line; std::getline(in, line);) s.pids.push_back(std::stoi(line));
  return s;
}

TEST(Harness, TerminatedTestStillTearsDown) {
  const Started s = run_and_die(SIGTERM);
  ASSERT_EQ(s.pids.size(), 3u);
  EXPECT_TRUE(testing::wait_until([&] { return all_gone(s.pids); }, std::chrono::seconds(10)));
  EXPECT_FALSE(std::filesystem::exists(s.dir));
}

TEST(Harness, KilledTestLeavesNoSshdBehind) {
  Started s = run_and_die(SIGKILL);
  ASSERT_EQ(s.pids.size(), 3u);
  const pid_t daemon = s.pids.back();
  s.pids.pop_back();
  EXPECT_TRUE(testing::wait_until([&] { return all_gone(s.pids); }, std::chrono::seconds(10)))
      << "sshd outlived the killed test";
  // The daemon survives an outright kill; the next harness to claim the block removes it.
  // Remove it here, by PID, so this test leaves nothing behind either.
  testing::kill_and_reap({daemon}, std::chrono::seconds(5));
  std::filesystem::remove_all(s.dir);
}

}  // namespace
}  // namespace zkd
