#include "orchestrator/render/renderer.hpp"

#include <kainjow/mustache.hpp>

#include "orchestrator/inventory/safe_values.hpp"
#include "orchestrator/render/builtin_templates.hpp"
#include "orchestrator/render/redact.hpp"
#include "orchestrator/render/service_unit.hpp"

namespace zkd {
namespace {

namespace mustache = kainjow::mustache;

std::string server_address(const Host& h) {
  return is_ipv6_literal(h.address) ? "[" + h.address + "]" : h.address;
}

mustache::data host_data(const Cluster& cluster, const Host& host) {
  mustache::data settings{mustache::data::type::list};
  std::map<std::string, ConfigValue> config = host.config;
  if (host.role == Role::observer) config["peerType"] = {"observer", false};
  for (const auto& [key, value] : config) {  // std::map: sorted by key
    mustache::data entry;
    entry.set("key", key);
    entry.set("value", value.value);
    settings.push_back(entry);
  }
  mustache::data servers{mustache::data::type::list};
  for (const Host* h : cluster.hosts_by_myid()) {
    mustache::data s;
    s.set("myid", std::to_string(h->myid));
    s.set("name", h->name);
    s.set("address", server_address(*h));
    s.set("quorumPort", std::to_string(h->quorum_port));
    s.set("electionPort", std::to_string(h->election_port));
    s.set("observer", h->role == Role::observer);
    servers.push_back(s);
  }
  mustache::data d;
  d.set("cluster", cluster.name);
  d.set("host", host.name);
  d.set("address", host.address);
  d.set("myid", std::to_string(host.myid));
  d.set("role", std::string(to_string(host.role)));
  d.set("install_root", host.install_root);
  d.set("data_dir", host.data_dir());
  d.set("settings", settings);
  d.set("servers", servers);
  return d;
}

mustache::data unit_data(const Host& host) {
  mustache::data d;
  d.set("unit", systemd_unit_name(host.cluster));
  d.set("cluster", host.cluster);
  d.set("host", host.name);
  d.set("myid", std::to_string(host.myid));
  d.set("user", host.service.user);
  d.set("working_directory", host.cluster_root());
  d.set("exec_start", systemd_command_line(server_command(host)));
  d.set("jvm", host.artifact.kind == ArtifactKind::apache_zookeeper);
  d.set("stop_timeout", std::to_string(host.service.stop_timeout.count()) + "ms");
  return d;
}

// Renders `text` with `data`; on a template error reports it against the template's source.
std::string render_template(std::string_view text, const mustache::data& data,
                            const SourceLocation& source, const std::string& key,
                            std::vector<Diagnostic>& diagnostics) {
  mustache::mustache tmpl{std::string(text)};
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  std::string out;
  if (tmpl.is_valid()) out = tmpl.render(data);
  if (!tmpl.is_valid()) {
    diagnostics.push_back({Severity::error, source.file, source.line, source.column, key,
                           "template error: " + tmpl.error_message()});
  }
  return out;
}

RenderedFile make_file(std::string path, std::string content,
                       const std::set<std::string>& secret_keys) {
  RenderedFile f;
  f.path = std::move(path);
  f.display = redact_key_values(content, secret_keys);
  f.mode = f.display == content ? 0644 : 0600;
  f.content = std::move(content);
  return f;
}

}  // namespace

RenderedHost render_host(const Inventory& inventory, const Cluster& cluster, const Host& host,
                         std::vector<Diagnostic>& diagnostics) {
  RenderedHost out;
  out.host = &host;
  for (const auto& [key, value] : host.config) {
    if (value.secret) out.secret_keys.insert(key);
  }
  const mustache::data data = host_data(cluster, host);
  const Templates& t = cluster.templates;
  const std::string key = "clusters." + cluster.name + ".template.";
  const SourceLocation zoo_source{t.zoo_cfg_path.empty() ? inventory.path.string()
                                                         : t.zoo_cfg_path.string()};
  const SourceLocation myid_source{t.myid_path.empty() ? inventory.path.string()
                                                       : t.myid_path.string()};
  std::string zoo_cfg =
      render_template(t.zoo_cfg_path.empty() ? builtin_zoo_cfg_template() : t.zoo_cfg, data,
                      zoo_source, key + "zoo.cfg", diagnostics);
  std::string myid = render_template(t.myid_path.empty() ? builtin_myid_template() : t.myid, data,
                                     myid_source, key + "myid", diagnostics);
  out.files.push_back(make_file(host.zoo_cfg_path(), std::move(zoo_cfg), out.secret_keys));
  out.files.push_back(make_file(host.myid_path(), std::move(myid), out.secret_keys));
  if (host.service.manager == ServiceManager::systemd) {
    std::string unit = render_template(builtin_service_unit_template(), unit_data(host),
                                       SourceLocation{inventory.path.string()},
                                       "clusters." + cluster.name + ".service", diagnostics);
    out.files.push_back(
        make_file(systemd_unit_path(host.install_root, host.cluster), std::move(unit), {}));
  }
  return out;
}

RenderResult render_inventory(const Inventory& inventory) {
  RenderResult result;
  for (const Cluster& c : inventory.clusters) {
    for (const Host& h : c.hosts)
      result.hosts.push_back(render_host(inventory, c, h, result.diagnostics));
  }
  sort_and_dedupe(result.diagnostics);
  return result;
}

}  // namespace zkd
