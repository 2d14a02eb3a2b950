// `zkdeploy render INVENTORY [--host H] [--out DIR]`: prints every host's files (secrets
// redacted), or writes them (secrets included) under DIR/<host>/<remote path>.
#include <unistd.h>

#include <iostream>

#include "orchestrator/cli/command.hpp"
#include "orchestrator/cli/diagnostics_output.hpp"
#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/inventory/suggest.hpp"
#include "orchestrator/render/local_output.hpp"
#include "orchestrator/render/renderer.hpp"
#include "orchestrator/util/file_mode.hpp"

namespace zkd {
namespace {

struct RenderOptions {
  std::string inventory;
  std::string host;
  std::string out;
};

// Keeps only the host named `name`; false (after saying so) when there is none.
bool select_host(RenderResult& rendered, const Inventory& inventory, const std::string& name) {
  std::erase_if(rendered.hosts, [&](const RenderedHost& h) { return h.host->name != name; });
  if (!rendered.hosts.empty()) return true;
  std::vector<std::string> names;
  for (const Host* h : inventory.all_hosts()) names.push_back(h->name);
  std::vector<std::string_view> views(names.begin(), names.end());
  std::cerr << "zkdeploy render: no host '" << name << "' in " << inventory.path.string()
            << did_you_mean(name, views) << '\n';
  return false;
}

nlohmann::json host_json(const RenderedHost& h) {
  nlohmann::json files = nlohmann::json::array();
  for (const RenderedFile& f : h.files) {
    files.push_back({{"path", f.path}, {"mode", octal_mode(f.mode)}, {"content", f.display}});
  }
  return {{"host", h.host->name},
          {"cluster", h.host->cluster},
          {"address", h.host->address},
          {"myid", h.host->myid},
          {"files", files}};
}

int write_out(const RenderResult& rendered, const RenderOptions& opts, bool json,
              const nlohmann::json& diagnostics) {
  nlohmann::json written = nlohmann::json::array();
  try {
    for (const RenderedHost& h : rendered.hosts) {
      for (const auto& path : write_rendered_host(h, opts.out)) {
        if (json) written.push_back(path.string());
        if (!json) std::cout << "wrote " << path.string() << '\n';
      }
    }
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "zkdeploy render: " << e.what() << '\n';
    return 1;
  }
  if (json) {
    std::cout << nlohmann::json{{"written", written}, {"diagnostics", diagnostics}}.dump(2) << '\n';
  }
  return 0;
}

int run_render(const RenderOptions& opts, const GlobalOptions& options) {
  const bool json = options.output == OutputFormat::json;
  LoadResult loaded = load_inventory(opts.inventory);
  RenderResult rendered;
  if (loaded.ok()) rendered = render_inventory(loaded.inventory);
  std::vector<Diagnostic> diagnostics = loaded.diagnostics;
  diagnostics.insert(diagnostics.end(), rendered.diagnostics.begin(), rendered.diagnostics.end());
  if (json && has_errors(diagnostics)) {
    std::cout << nlohmann::json{{"diagnostics", diagnostics_json(diagnostics)}}.dump(2) << '\n';
    return 1;
  }
  if (!json) print_diagnostics(std::cerr, diagnostics, use_color(options, STDERR_FILENO));
  if (has_errors(diagnostics)) return 1;
  if (!opts.host.empty() && !select_host(rendered, loaded.inventory, opts.host)) return 1;
  if (!opts.out.empty()) return write_out(rendered, opts, json, diagnostics_json(diagnostics));
  if (json) {
    nlohmann::json hosts = nlohmann::json::array();
    for (const RenderedHost& h : rendered.hosts) hosts.push_back(host_json(h));
    std::cout
        << nlohmann::json{{"hosts", hosts}, {"diagnostics", diagnostics_json(diagnostics)}}.dump(2)
        << '\n';
    return 0;
  }
  for (const RenderedHost& h : rendered.hosts) {
    for (const RenderedFile& f : h.files) {
      std::cout << "==> " << h.host->name << ": " << f.path << " (mode " << octal_mode(f.mode)
                << ")\n"
                << f.display;
      if (!f.display.empty() && f.display.back() != '\n') std::cout << '\n';
    }
  }
  return 0;
}

}  // namespace

void add_render_command(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("render", "print or write the files each host must hold");
  auto opts = std::make_shared<RenderOptions>();
  cmd->add_option("INVENTORY", opts->inventory, "inventory file (YAML)")->required();
  cmd->add_option("--host", opts->host, "render only this host");
  cmd->add_option("--out", opts->out, "write the files under DIR/<host>/<remote path>");
  cmd->callback([&context, opts] { context.exit_code = run_render(*opts, context.options); });
}

}  // namespace zkd
