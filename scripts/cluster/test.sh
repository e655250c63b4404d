#!/usr/bin/env bash
# `npm run test:cluster`: starts the control plane (npm run cluster:up), runs the tests of
# test/cluster/ against it, and stops it again (npm run cluster:down), whatever the tests did.
# With a cluster of this checkout already running, it uses that one and leaves it running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

started=0
if [ -f .cluster/pids/kube-apiserver.pid ] && kill -0 "$(cat .cluster/pids/kube-apiserver.pid)" 2>/dev/null; then
  echo "test:cluster: using the running cluster (.cluster/)"
else
  trap 'bash "$here/down.sh"' EXIT
  started=1
  bash "$here/up.sh"
fi
start=$SECONDS
status=0
npx jest --config test/cluster/jest.config.js "$@" || status=$?
echo "test:cluster: tests took $((SECONDS - start)) s"
if [ "$status" -ne 0 ] && [ "$started" = 1 ]; then
  # The components' logs go with the cluster's state: show their ends for the failure.
  for log in .cluster/logs/*.log; do echo "== tail of $log"; tail -n 5 "$log"; done
fi
exit "$status"
