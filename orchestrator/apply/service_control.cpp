#include "orchestrator/apply/service_control.hpp"

#include "orchestrator/render/service_unit.hpp"

namespace zkd {
namespace {

// ours PID ROOT: the process lives, is no zombie, and its command line names ROOT.
#define ZKD_OURS_FN                                                                              \
  "ours() { [ -r \"/proc/$1/status\" ] && ! grep -q '^State:[[:space:]]*Z' "                     \
  "\"/proc/$1/status\" && tr '\\000' '\\n' < \"/proc/$1/cmdline\" | grep -qF -- \"$2/\"; }\n"    \
  "pidof_ours() { p=; [ -f \"$1/run/zkserver.pid\" ] && read -r p _ < \"$1/run/zkserver.pid\"; " \
  "case $p in ''|*[!0-9]*) return 1;; esac; ours \"$p\" \"$1\"; }\n"

ExecResult run(Transport& t, std::vector<std::string> argv) {
  ExecRequest request;
  request.argv = std::move(argv);
  return t.exec(request);
}

[[noreturn]] void fail(Transport& t, const std::string& what, const ExecResult& r) {
  throw TransportError(t.host_label() + ": " + what + " failed (exit " +
                       std::to_string(r.exit_status) + "): " + r.err + r.out);
}

class DirectService : public ServiceControl {
 public:
  explicit DirectService(const Host& host)
      : root_(host.cluster_root()),
        argv_(server_command(host)),
        stop_timeout_(host.service.stop_timeout) {}

  void start(Transport& t) override {
    static const char* script = ZKD_OURS_FN R"sh(set -u
root=$1; shift
mkdir -p -- "$root/run" "$root/logs" || exit 70
pidof_ours "$root" && exit 0
cd -- "$root" || exit 70
setsid "$@" < /dev/null >> "$root/logs/server.out" 2>&1 &
printf '%s\n' "$!" > "$root/run/zkserver.pid.tmp" && mv -f -- "$root/run/zkserver.pid.tmp" "$root/run/zkserver.pid" || exit 71)sh";
    std::vector<std::string> argv = {"sh", "-c", script, "zkdeploy-start", root_};
    argv.insert(argv.end(), argv_.begin(), argv_.end());
    if (const ExecResult r = run(t, argv); !r.ok()) fail(t, "starting the server", r);
  }

  void stop(Transport& t) override {
    static const char* script = ZKD_OURS_FN R"sh(set -u
root=$1 tenths=$2
pidof_ours "$root" || { rm -f -- "$root/run/zkserver.pid"; exit 0; }
kill -TERM "$p" 2>/dev/null
n=0
while ours "$p" "$root" && [ "$n" -lt "$tenths" ]; do sleep 0.1; n=$((n+1)); done
if ours "$p" "$root"; then
  echo "no exit within the stop timeout: sending SIGKILL" >&2
  kill -KILL "$p" 2>/dev/null
  n=0
  while ours "$p" "$root" && [ "$n" -lt 100 ]; do sleep 0.1; n=$((n+1)); done
  ours "$p" "$root" && exit 76
fi
rm -f -- "$root/run/zkserver.pid")sh";
    const auto tenths = std::max<int64_t>(stop_timeout_.count() / 100, 1);
    const ExecResult r =
        run(t, {"sh", "-c", script, "zkdeploy-stop", root_, std::to_string(tenths)});
    if (!r.ok()) fail(t, "stopping the server", r);
  }

  bool running(Transport& t) override {
    static const char* script = ZKD_OURS_FN R"sh(pidof_ours "$1")sh";
    const ExecResult r = run(t, {"sh", "-c", script, "zkdeploy-running", root_});
    if (r.exit_status > 1 || r.exit_status < 0) fail(t, "checking the server", r);
    return r.ok();
  }

 private:
  std::string root_;
  std::vector<std::string> argv_;
  std::chrono::milliseconds stop_timeout_;
};

class SystemdService : public ServiceControl {
 public:
  explicit SystemdService(const Host& host)
      : unit_(systemd_unit_path(host.install_root, host.cluster)),
        name_(systemd_unit_name(host.cluster)) {}

  void start(Transport& t) override {
    systemctl(t, {"link", unit_});
    systemctl(t, {"daemon-reload"});
    systemctl(t, {"enable", name_});
    systemctl(t, {"start", name_});
  }
  void stop(Transport& t) override { systemctl(t, {"stop", name_}); }
  bool running(Transport& t) override {
    ExecRequest request;
    request.argv = {"systemctl", "is-active", "--quiet", name_};
    return t.exec(request).ok();
  }

 private:
  static void systemctl(Transport& t, std::vector<std::string> args) {
    ExecRequest request;
    request.argv = {"systemctl"};
    request.argv.insert(request.argv.end(), args.begin(), args.end());
    exec_checked(t, request);
  }

  std::string unit_, name_;
};

}  // namespace

std::unique_ptr<ServiceControl> make_service_control(const Host& host) {
  if (host.service.manager == ServiceManager::systemd) {
    return std::make_unique<SystemdService>(host);
  }
  return std::make_unique<DirectService>(host);
}

}  // namespace zkd
