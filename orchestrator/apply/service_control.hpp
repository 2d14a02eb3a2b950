// How the server process of one host is started, stopped and checked, behind one interface
// for both `service.manager` modes. Everything goes through the Transport (argv vectors,
// never a spliced shell line).
//
// direct: zkdeploy runs the server itself. start: `setsid` detaches the foreground server
//   (render/service_unit.hpp) from the SSH session, stdin from /dev/null, stdout and stderr
//   appended to logs/server.out, its pid written atomically to run/zkserver.pid; a server
//   already running is left alone. stop: SIGTERM, wait up to service.stop_timeout, then
//   SIGKILL, remove the pid file. A pid counts as our server only while the process lives
//   (not a zombie) and its command line names the cluster root, so a recycled pid is never
//   signalled.
// systemd: the unit file <cluster_root>/conf/zkdeploy-<cluster>.service (one of the desired
//   files, render/service_unit.hpp) is linked into systemd, then: start = `systemctl link
//   UNIT`, `systemctl daemon-reload`,
//   `systemctl enable NAME`, `systemctl start NAME`; stop = `systemctl stop NAME`;
//   running = `systemctl is-active --quiet NAME`.
// Failures throw TransportError naming the host and the step.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/transport/transport.hpp"

namespace zkd {

class ServiceControl {
 public:
  virtual ~ServiceControl() = default;
  virtual void start(Transport& t) = 0;  // returns once the process is launched
  virtual void stop(Transport& t) = 0;   // returns once the process is gone
  virtual bool running(Transport& t) = 0;
};

std::unique_ptr<ServiceControl> make_service_control(const Host& host);

}  // namespace zkd
