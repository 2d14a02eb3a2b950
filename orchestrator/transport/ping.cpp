#include "orchestrator/transport/ping.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "orchestrator/transport/fan_out.hpp"
#include "orchestrator/transport/ssh_transport.hpp"

namespace zkd {
namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::string human_bytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 5) v /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::vector<std::string> ping_probe_argv(const std::string& install_root) {
  static const char* script = R"(d=$1
while [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
uname -sm && exec df -Pk -- "$d")";
  return {"sh", "-c", script, "zkdeploy-ping", install_root};
}

void parse_ping_probe(const std::string& out, PingResult& result) {
  // `uname -sm` ("Linux x86_64"), then df's header and its line for the directory.
  std::istringstream in(out);
  std::string uname, header, df;
  if (!std::getline(in, uname) || !std::getline(in, header) || !std::getline(in, df)) {
    throw std::runtime_error("unexpected probe output: " + out);
  }
  const auto space = uname.rfind(' ');
  if (space == std::string::npos) throw std::runtime_error("unexpected uname output: " + uname);
  result.os = uname.substr(0, space);
  result.arch = uname.substr(space + 1);
  // df -P: filesystem, 1024-blocks, used, available, capacity, mount point.
  std::istringstream fields(df);
  std::string fs, total, used, avail;
  fields >> fs >> total >> used >> avail;
  if (avail.empty() ||
      !std::all_of(avail.begin(), avail.end(), [](unsigned char c) { return std::isdigit(c); })) {
    throw std::runtime_error("unexpected df output: " + df);
  }
  result.free_bytes = std::stoull(avail) * 1024;
}

std::vector<PingResult> ping_hosts(const std::vector<PingTarget>& targets, int forks) {
  std::vector<PingResult> results(targets.size());
  auto outcomes = fan_out(targets.size(), forks, [&](size_t i) {
    const PingTarget& t = targets[i];
    PingResult& r = results[i];
    SshTransport transport(t.ssh);
    auto start = std::chrono::steady_clock::now();
    transport.connect();
    r.connect_ms = ms_since(start);
    ExecRequest probe;
    probe.argv = ping_probe_argv(t.install_root);
    start = std::chrono::steady_clock::now();
    ExecResult out = exec_checked(transport, probe);
    r.rtt_ms = ms_since(start);
    parse_ping_probe(out.out, r);
    r.reachable = true;
  });
  for (size_t i = 0; i < targets.size(); ++i) {
    results[i].name = targets[i].ssh.name.empty() ? targets[i].ssh.address : targets[i].ssh.name;
    results[i].address = targets[i].ssh.address;
    if (!outcomes[i].ok) {
      results[i].reachable = false;
      results[i].error = outcomes[i].error;
    }
  }
  return results;
}

std::string format_ping_table(const std::vector<PingResult>& results) {
  std::vector<std::vector<std::string>> rows = {
      {"HOST", "ADDRESS", "STATUS", "CONNECT ms", "RTT ms", "OS", "ARCH", "FREE"}};
  for (const auto& r : results) {
    if (r.reachable) {
      rows.push_back({r.name, r.address, "ok", fixed1(r.connect_ms), fixed1(r.rtt_ms), r.os, r.arch,
                      r.free_bytes ? human_bytes(*r.free_bytes) : "-"});
    } else {
      rows.push_back({r.name, r.address, "UNREACHABLE", "-", "-", "-", "-", "-"});
    }
  }
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
    }
    out += line + "\n";
  }
  for (const auto& r : results) {
    if (r.reachable) continue;
    // Transport errors already start with the host's name; others get it as a prefix.
    out += (r.error.rfind(r.name, 0) == 0 ? "" : r.name + ": ") + r.error + "\n";
  }
  return out;
}

nlohmann::json ping_json(const std::vector<PingResult>& results) {
  nlohmann::json hosts = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json h = {{"host", r.name}, {"address", r.address}, {"reachable", r.reachable}};
    if (r.reachable) {
      h["connect_ms"] = r.connect_ms;
      h["rtt_ms"] = r.rtt_ms;
      h["os"] = r.os;
      h["arch"] = r.arch;
      h["free_bytes"] = r.free_bytes ? nlohmann::json(*r.free_bytes) : nlohmann::json();
    } else {
      h["error"] = r.error;
    }
    hosts.push_back(std::move(h));
  }
  return {{"hosts", hosts}};
}

}  // namespace zkd
