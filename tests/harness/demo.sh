#!/usr/bin/env bash
# `./dev demo`: brings up the local SSH test hosts (tests/harness/test-hosts), then runs the
# demo steps against inventories/local.yaml. Each step is one line in STEPS below.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ZKDEPLOY=$ROOT/build/bin/zkdeploy
INVENTORY=$ROOT/inventories/local.yaml

"$ROOT/tests/harness/test-hosts" up

# The demo's steps, in order: zkdeploy subcommands run against the local inventory.
STEPS=(
  "validate"
  "render --host zk1"
  "ping"
  "plan"
)

for step in "${STEPS[@]}"; do
  printf '\n\033[1m$ zkdeploy %s %s\033[0m\n' "$step" "inventories/local.yaml"
  # shellcheck disable=SC2086  # a step may carry its own options
  # plan exits 2 when changes are pending, which is the expected answer on fresh hosts.
  "$ZKDEPLOY" $step "$INVENTORY" || [ $? -eq 2 ]
done

echo
echo "The test hosts are still running. Tear them down with: tests/harness/test-hosts down"
