#!/usr/bin/env bash
# `./dev demo`: brings up the local SSH test hosts (tests/harness/test-hosts), then runs the
# demo steps against inventories/local.yaml. Each step is one line in STEPS below.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZKDEPLOY=$ROOT/build/bin/zkdeploy
INVENTORY=$ROOT/inventories/local.yaml

"$ROOT/tests/harness/test-hosts" up

# The artifact is this checkout's build/bin/zkserver (inventories/local.yaml).
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
