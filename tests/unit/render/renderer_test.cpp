#include "orchestrator/render/renderer.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "orchestrator/render/local_output.hpp"
#include "orchestrator/render/redact.hpp"

namespace zkd {
namespace {

// Keeps the inventory alive with the render, whose hosts point into it.
struct Rendered {
  LoadResult loaded;
  RenderResult result;
};

std::unique_ptr<Rendered> render_text(const std::string& text) {
  auto r = std::make_unique<Rendered>();
  r->loaded = load_inventory_text(text, "r.yaml", "/");
  EXPECT_TRUE(r->loaded.ok());
  r->result = render_inventory(r->loaded.inventory);
  EXPECT_TRUE(r->result.ok());
  return r;
}

const RenderedFile& zoo_cfg(const RenderResult& r, const std::string& host) {
  for (const RenderedHost& h : r.hosts) {
    if (h.host->name == host) return h.files.at(0);
  }
  throw std::runtime_error("no host " + host);
}

const char* kThree = R"(
defaults:
  artifact: { path: /bin/true }
  config: { ssl.keyStore.password: "p&ss<word>", note: "a&b<c>\"d'" }
clusters:
  c:
    hosts:
      - { name: b, address: 10.0.0.2, myid: 2 }
      - { name: c, address: 10.0.0.3, myid: 3, role: observer }
      - { name: a, address: 10.0.0.1, myid: 1 }
)";

TEST(Renderer, ServerLinesSortedByMyidAndObserverMarked) {
  const auto rendered = render_text(kThree);
  const RenderResult& r = rendered->result;
  const std::string& cfg = zoo_cfg(r, "b").content;
  const size_t s1 = cfg.find("server.1=10.0.0.1:2888:3888\n");
  const size_t s2 = cfg.find("server.2=10.0.0.2:2888:3888\n");
  const size_t s3 = cfg.find("server.3=10.0.0.3:2888:3888:observer\n");
  ASSERT_NE(s1, std::string::npos) << cfg;
  ASSERT_NE(s2, std::string::npos);
  ASSERT_NE(s3, std::string::npos);
  EXPECT_LT(s1, s2);
  EXPECT_LT(s2, s3);
  EXPECT_EQ(cfg.find("peerType"), std::string::npos);
  EXPECT_NE(zoo_cfg(r, "c").content.find("\npeerType=observer\n"), std::string::npos);
  EXPECT_EQ(cfg.find("quorumPort"), std::string::npos);
}

TEST(Renderer, SettingsInKeyOrderAndOutputDeterministic) {
  const auto rendered1 = render_text(kThree);
  const auto rendered2 = render_text(kThree);
  const RenderResult& r1 = rendered1->result;
  const RenderResult& r2 = rendered2->result;
  EXPECT_EQ(zoo_cfg(r1, "a").content, zoo_cfg(r2, "a").content);
  std::istringstream lines(zoo_cfg(r1, "a").content);
  std::string previous;
  for (std::string l; std::getline(lines, l);) {
    if (l.empty() || l[0] == '#' || l.starts_with("server.")) continue;
    const std::string key = l.substr(0, l.find('='));
    EXPECT_LT(previous, key);
    previous = key;
  }
}

TEST(Renderer, NoHtmlEscaping) {
  const auto rendered = render_text(kThree);
  const RenderResult& r = rendered->result;
  EXPECT_NE(zoo_cfg(r, "a").content.find("note=a&b<c>\"d'\n"), std::string::npos);
  EXPECT_NE(zoo_cfg(r, "a").content.find("ssl.keyStore.password=p&ss<word>\n"), std::string::npos);
}

TEST(Renderer, SecretsWrittenButRedactedForDisplay) {
  const auto rendered = render_text(kThree);
  const RenderResult& r = rendered->result;
  const RenderedFile& f = zoo_cfg(r, "a");
  EXPECT_NE(f.content.find("p&ss<word>"), std::string::npos);
  EXPECT_EQ(f.display.find("p&ss<word>"), std::string::npos);
  EXPECT_NE(f.display.find("ssl.keyStore.password=<redacted>\n"), std::string::npos);
  EXPECT_EQ(f.mode, 0600u);
  EXPECT_EQ(r.hosts[0].files[1].mode, 0644u);
  EXPECT_EQ(r.hosts[0].secret_keys, std::set<std::string>{"ssl.keyStore.password"});
}

TEST(Renderer, MyidFileAndPaths) {
  const auto rendered = render_text(kThree);
  const RenderResult& r = rendered->result;
  const RenderedHost& b = r.hosts[0];
  EXPECT_EQ(b.files[0].path, "/opt/zkdeploy/c/conf/zoo.cfg");
  EXPECT_EQ(b.files[1].path, "/opt/zkdeploy/c/data/myid");
  EXPECT_EQ(b.files[1].content, "2\n");
}

TEST(Redact, ReplacesOnlySecretValues) {
  const std::string in =
      "# password=comment stays\n"
      "tickTime=2000\n"
      "digest.token = abc\n"
      "ssl.trustStore.password=xyz\n"
      "novalue\n"
      "last.secret=end";
  EXPECT_EQ(redact_key_values(in, {"digest.token"}),
            "# password=comment stays\n"
            "tickTime=2000\n"
            "digest.token = <redacted>\n"
            "ssl.trustStore.password=<redacted>\n"
            "novalue\n"
            "last.secret=<redacted>");
  EXPECT_EQ(redact_key_values("", {}), "");
}

TEST(LocalOutput, WritesFilesUnderHostDirectoryWithModes) {
  const auto rendered = render_text(kThree);
  const RenderResult& r = rendered->result;
  char tmpl[] = "/tmp/zkd-render-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::filesystem::path dir(tmpl);
  const auto written = write_rendered_host(r.hosts[0], dir);
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0], dir / "b/opt/zkdeploy/c/conf/zoo.cfg");
  std::ifstream in(written[0]);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), r.hosts[0].files[0].content);
  struct stat st {};
  ASSERT_EQ(stat(written[0].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat(written[1].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zkd
