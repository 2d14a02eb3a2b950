// zkserver CONFIG: runs a ZooKeeper-compatible server from an Apache ZooKeeper zoo.cfg
// (like `zkServer.sh start-foreground CONFIG`).
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>
#include <string>

#include "server/config/server_config.hpp"
#include "server/zk_server.hpp"

int main(int argc, char** argv) {
  if (argc != 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::fprintf(stderr, "usage: zkserver CONFIG\n");
    return argc == 2 ? 0 : 2;
  }
  if (std::string(argv[1]) == "--version") {
    std::printf("zkserver %s\n", zks::server_version());
    return 0;
  }
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
  zks::ServerConfig config;
  try {
    config = zks::load_config(argv[1]);
  } catch (const zks::ConfigError& e) {
    spdlog::error("invalid configuration: {}", e.what());
    return 2;
  }
  for (const auto& w : config.warnings) spdlog::warn("{}", w);
  try {
    zks::ZkServer::block_signals();
    zks::ZkServer server(std::move(config));
    return server.run();
  } catch (const std::exception& e) {
    spdlog::error("fatal: {}", e.what());
    return 1;
  }
}
