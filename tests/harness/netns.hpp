// Private networks of Linux network namespaces for partition tests (root only). A
// NamespaceNetwork named P has a hub namespace "P-hub" holding bridge br0 and one namespace
// "P-m<i>" per member, joined to the bridge by a veth pair (eth0 inside the member, h<i> in
// the hub), with address 10.231.<subnet>.<i+1>/24. The private addresses exist only inside
// these namespaces. cut(i) takes member i's hub-side link down: it can reach nothing and
// nothing reaches it, while its own address still answers from inside its namespace.
// The destructor deletes every namespace by name (which removes the veths too);
// remove_network(P) does the same for whatever a crashed run left under that name.
//
// NetnsScope runs the calling thread in a namespace until it is destroyed; threads (and
// processes) it starts meanwhile inherit the namespace.
#pragma once

#include <cstddef>
#include <string>

namespace zkd::testing {

class NetnsScope {
 public:
  explicit NetnsScope(const std::string& name);
  ~NetnsScope();
  NetnsScope(const NetnsScope&) = delete;
  NetnsScope& operator=(const NetnsScope&) = delete;

 private:
  int saved_ = -1;
};

class NamespaceNetwork {
 public:
  NamespaceNetwork(std::string name, int subnet, size_t members);
  ~NamespaceNetwork();
  NamespaceNetwork(const NamespaceNetwork&) = delete;
  NamespaceNetwork& operator=(const NamespaceNetwork&) = delete;

  std::string ns(size_t i) const;
  std::string address(size_t i) const;
  void cut(size_t i);
  void heal(size_t i);

 private:
  std::string name_;
  int subnet_;
  size_t members_;
};

// Deletes every namespace of network `name` that exists (P-hub and P-m<i>).
void remove_network(const std::string& name);

}  // namespace zkd::testing
