#include "orchestrator/render/template_check.hpp"

#include <kainjow/mustache.hpp>

namespace zkd {

std::string template_syntax_error(std::string_view text) {
  kainjow::mustache::mustache tmpl{std::string(text)};
  return tmpl.is_valid() ? std::string() : tmpl.error_message();
}

}  // namespace zkd
