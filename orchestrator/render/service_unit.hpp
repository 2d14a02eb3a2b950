// How the server is launched, in one place for both service managers, and where its systemd
// unit lives.
//
// server_command() is the one command line that runs a host's server; `service.manager:
// direct` starts it over SSH, `systemd` puts it in the unit's ExecStart. It always goes
// through the `current` symlink, so switching `current` and restarting runs the new release:
//   zkserver:          <cluster_root>/current/zkserver <zoo.cfg>
//   apache-zookeeper:  <artifact.java> [-Xmx<heap_size>] -XX:+ExitOnOutOfMemoryError
//                      -Dzookeeper.log.dir=<logs> -cp <conf>:<current>/*:<current>/lib/*
//                      org.apache.zookeeper.server.quorum.QuorumPeerMain <zoo.cfg>
// A ZooKeeper release directory holds its jars at the top (a directory of jars) or in lib/
// (an unpacked release tarball); the JVM expands the `*` entries itself, no shell is involved.
//
// The systemd unit is zkdeploy-<cluster>.service, kept with the cluster's other configuration
// at <install_root>/<cluster>/conf/ and linked into systemd from there (`systemctl link`), so
// removing the cluster's directory leaves nothing behind but the link.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/inventory/inventory.hpp"

namespace zkd {

// "zkdeploy-<cluster>.service". Cluster names are valid unit name characters by validation.
std::string systemd_unit_name(std::string_view cluster);

// "<install_root>/<cluster>/conf/zkdeploy-<cluster>.service".
std::string systemd_unit_path(std::string_view install_root, std::string_view cluster);

// The argv that runs `host`'s server in the foreground (argv[0] is an absolute path).
std::vector<std::string> server_command(const Host& host);

// `argv` as one systemd command line (ExecStart=): each word kept literally, double-quoted
// with C escapes when it holds anything but [A-Za-z0-9._/+@:=,*-], and `%` and `$` doubled
// so that systemd expands neither specifiers nor environment variables.
std::string systemd_command_line(const std::vector<std::string>& argv);

}  // namespace zkd
