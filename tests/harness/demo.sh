#!/usr/bin/env bash
# `./dev demo`: brings up the local SSH test hosts (tests/harness/test-hosts), then runs the
# demo steps against inventories/local.yaml. Each step is one line in STEPS below.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZKDEPLOY=$ROOT/build/bin/zkdeploy
INVENTORY=$ROOT/inventories/local.yaml

"$ROOT/tests/harness/test-hosts" up

# The artifact: Debian's Apache ZooKeeper 3.8 jars (zookeeper.jar's manifest names the
# other jars it needs under /usr/share/java) with slf4j-simple, so that the server logs
# to logs/server.out on each host.
JARS=/tmp/zkdeploy-local/zookeeper-jars
mkdir -p "$JARS"
for jar in zookeeper.jar zookeeper-jute.jar slf4j-api.jar slf4j-simple.jar; do
  cp -L "/usr/share/java/$jar" "$JARS/$jar"
done

# The demo's steps, in order: zkdeploy subcommands run against the local inventory.
STEPS=(
  "validate"
  "render --host zk1"
  "ping"
  "plan"
  "apply"
  "status"
)

for step in "${STEPS[@]}"; do
  printf '\n\033[1m$ zkdeploy %s %s\033[0m\n' "$step" "inventories/local.yaml"
  rc=0
  # shellcheck disable=SC2086  # a step may carry its own options
  "$ZKDEPLOY" $step "$INVENTORY" || rc=$?
  # plan exits 2 when changes are pending, which is the expected answer on fresh hosts.
  if [ "$rc" -ne 0 ] && ! { [ "$rc" -eq 2 ] && [ "$step" = plan ]; }; then exit "$rc"; fi
done

echo
echo "The ensemble is running on the test hosts. Run \`build/bin/zkdeploy apply $INVENTORY\`"
echo "again to see that nothing changes, edit the inventory to roll a change through it."
echo "Tear everything down with: tests/harness/test-hosts down"
