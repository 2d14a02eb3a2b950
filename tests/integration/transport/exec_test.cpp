// Commands over real SSH: output, exit status, quoting, large output, timeouts, reconnects,
// calls from several threads.
#include <gtest/gtest.h>

#include <thread>

#include "orchestrator/transport/remote_files.hpp"
#include "orchestrator/transport/ssh_transport.hpp"
#include "orchestrator/util/sha256.hpp"
#include "tests/harness/test_hosts.hpp"

namespace zkd {
namespace {

using testing::TestHosts;

ExecResult run(Transport& t, std::vector<std::string> argv, std::string_view input = {}) {
  ExecRequest r;
  r.argv = std::move(argv);
  r.stdin_data = {input};
  return t.exec(r);
}

TEST(SshExec, ReturnsStdoutStderrAndExitStatus) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  auto r = run(t, {"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_TRUE(run(t, {"true"}).ok());
  EXPECT_EQ(run(t, {"false"}).exit_status, 1);
  ExecRequest failing;
  failing.argv = {"false"};
  EXPECT_THROW(exec_checked(t, failing), TransportError);
}

TEST(SshExec, HostileArgumentsArriveVerbatim) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  const std::vector<std::string> hostile = {"it's",
                                            "\"double\"",
                                            "a;touch /tmp/zkd-injected",
                                            "$(touch /tmp/zkd-injected)",
                                            "`id`",
                                            "line1\nline2",
                                            "tab\there",
                                            "back\\slash",
                                            "*",
                                            "$HOME",
                                            "",
                                            "-n",
                                            "\xff\xfe non-utf8 \x80",
                                            "'; exit 7; '"};
  std::vector<std::string> argv = {"printf", "%s\\0"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  auto r = run(t, argv);
  ASSERT_TRUE(r.ok()) << r.err;
  std::vector<std::string> got;
  size_t start = 0;
  for (size_t i = 0; i < r.out.size(); ++i) {
    if (r.out[i] == '\0') {
      got.push_back(r.out.substr(start, i - start));
      start = i + 1;
    }
  }
  EXPECT_EQ(got, hostile);
  EXPECT_FALSE(run(t, {"test", "-e", "/tmp/zkd-injected"}).ok());
  EXPECT_THROW(run(t, {"echo", std::string("nul\0byte", 8)}), std::invalid_argument);
}

TEST(SshExec, LargeStderrAndStdoutTogetherDoNotDeadlock) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  // 2 MiB on stderr first, then 3 MB on stdout: a reader draining one stream at a time stalls.
  auto r = run(t, {"sh", "-c",
                   "head -c 2097152 /dev/zero | tr '\\0' e >&2; head -c 3000000 /dev/zero | tr "
                   "'\\0' o"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.err, std::string(2097152, 'e'));
  EXPECT_EQ(r.out, std::string(3000000, 'o'));
}

TEST(SshExec, StdinIsDeliveredWhole) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  std::string input(5'000'000, '\0');
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<char>(i * 7919 % 251);
  auto r = run(t, {"sha256sum"}, input);
  ASSERT_TRUE(r.ok()) << r.err;
  EXPECT_EQ(r.out.substr(0, 64), sha256_hex(input));
  // A command that ignores its input finishes anyway.
  EXPECT_TRUE(run(t, {"true"}, input).ok());
}

TEST(SshExec, DeathBySignalIsReported) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  auto r = run(t, {"sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(r.exit_signal, "KILL");
  EXPECT_FALSE(r.ok());
}

TEST(SshExec, CommandTimeoutIsReportedAndTheHostStaysUsable) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  ExecRequest slow;
  slow.argv = {"sleep", "30"};
  slow.timeout = std::chrono::milliseconds(300);
  try {
    t.exec(slow);
    FAIL() << "sleep 30 finished within 300 ms";
  } catch (const TransportTimeout& e) {
    EXPECT_NE(std::string(e.what()).find("timed out after 300ms"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("h1"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(run(t, {"true"}).ok());
}

TEST(SshExec, OneSessionServesManyCommands) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(run(t, {"echo", std::to_string(i)}).out, std::to_string(i) + "\n");
  EXPECT_EQ(t.connections_opened(), 1);
}

TEST(SshExec, CallsFromSeveralThreadsShareTheSessionOneAtATime) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  // Without the transport's own serialization, libssh2 calls of two threads on one session
  // interleave: channels get the other thread's data, or the session breaks.
  std::vector<std::string> failures(3);
  std::vector<std::thread> threads;
  for (size_t k = 0; k < failures.size(); ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 15 && failures[k].empty(); ++i) {
        const std::string word = std::to_string(k) + "-" + std::to_string(i);
        const std::string input(100'000, static_cast<char>('a' + k));
        try {
          const ExecResult r = run(t, {"sh", "-c", "echo \"$1\"; wc -c", "sh", word}, input);
          if (r.out != word + "\n100000\n") failures[k] = "got " + r.out;
        } catch (const std::exception& e) {
          failures[k] = e.what();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& f : failures) EXPECT_EQ(f, "");
  EXPECT_EQ(t.connections_opened(), 1);
}

TEST(SshExec, SessionDroppedWhileIdleIsReplaced) {
  testing::TestHostsOptions options;
  options.client_alive_interval_s = 1;  // sshd drops a silent client after ~2 s
  TestHosts hosts(1, options);
  // Idle longer than the keepalive interval too: the keepalive due before the next command
  // then meets the dead connection.
  for (auto keepalive : {std::chrono::milliseconds(15'000), std::chrono::milliseconds(1'000)}) {
    auto target = hosts.target(0);
    target.keepalive_interval = keepalive;
    SshTransport t(target);
    ASSERT_TRUE(run(t, {"true"}).ok());
    ASSERT_EQ(hosts.session_count(0), 1u);
    ASSERT_TRUE(
        testing::wait_until([&] { return hosts.session_count(0) == 0; }, std::chrono::seconds(20)))
        << "sshd never dropped the idle session";
    EXPECT_EQ(run(t, {"echo", "back"}).out, "back\n");
    EXPECT_EQ(t.connections_opened(), 2);
  }
}

TEST(SshExec, KilledSessionIsReplacedOnNextCommand) {
  TestHosts hosts(1);
  SshTransport t(hosts.target(0));
  ASSERT_TRUE(run(t, {"true"}).ok());
  hosts.kill_sessions(0);
  EXPECT_EQ(run(t, {"echo", "again"}).out, "again\n");
  EXPECT_EQ(t.connections_opened(), 2);
}

}  // namespace
}  // namespace zkd
