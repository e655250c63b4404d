#!/usr/bin/env bash
# Prints kwok's Stage configuration: the stages that ship in kwok's module (its binary has none
# built in), for nodes (initialize, heartbeat with a Lease) and for pods (the "general" lifecycle:
# create with an IP, init containers, ready, complete, delete). kwok's own delays are kept (1 s a
# stage, so that web-1 is created visibly after web-0 is Ready); its jitter of up to 5 s a stage
# is cut to 0.5 s to keep the tests short.
set -euo pipefail
stages=$1   # the module's kustomize/stage folder, as build.sh copies it
files=(
  "$stages/node/fast/node-initialize.yaml"
  "$stages/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml"
)
for f in create init-container-running init-container-completed ready complete delete; do
  files+=("$stages/pod/general/pod-$f.yaml")
done
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "kwok stage file missing: $f" >&2; exit 1; }
  echo "---"
  sed 's/jitterDurationMilliseconds: 5000/jitterDurationMilliseconds: 500/' "$f"
done
