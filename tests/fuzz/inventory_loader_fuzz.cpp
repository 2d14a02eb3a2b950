// libFuzzer target for the inventory loader: any byte string must load without crashing,
// leaking or hanging, and end either in a valid inventory (which then renders) or in at
// least one error that names a position and says what is wrong, on one line.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "orchestrator/inventory/inventory.hpp"
#include "orchestrator/render/renderer.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

void check_diagnostics(const std::vector<zkd::Diagnostic>& diagnostics) {
  for (const zkd::Diagnostic& d : diagnostics) {
    require(!d.message.empty());
    require(d.line >= 0 && d.column >= 0);
    require(zkd::format_diagnostic(d).find('\n') == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // A base directory that does not exist: relative paths in the input find no files.
  const zkd::LoadResult loaded =
      zkd::load_inventory_text(text, "fuzz.yaml", "/nonexistent/zkdeploy-fuzz");
  check_diagnostics(loaded.diagnostics);
  if (!loaded.ok()) return 0;
  require(!loaded.inventory.clusters.empty());
  for (const zkd::Host* h : loaded.inventory.all_hosts()) {
    require(!h->name.empty() && !h->address.empty());
    require(h->myid >= 1 && h->myid <= 255);
  }
  const zkd::RenderResult rendered = zkd::render_inventory(loaded.inventory);
  check_diagnostics(rendered.diagnostics);
  for (const zkd::RenderedHost& h : rendered.hosts) {
    for (const zkd::RenderedFile& f : h.files) {
      require(f.path.starts_with('/'));
      for (const std::string& key : h.secret_keys) {
        const std::string& value = h.host->config.at(key).value;
        require(value.empty() || f.display.find(key + "=" + value + "\n") == std::string::npos);
      }
    }
  }
  return 0;
}
