#!/usr/bin/env bash
# `npm run cluster:down`: stops exactly the processes `npm run cluster:up` started (the PIDs in
# .cluster/pids/, each checked to still be the binary it started, so that a PID the system has
# since reused is left alone), then removes .cluster/. The build cache stays.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/versions.sh"
state="$root/.cluster"

if [ ! -d "$state" ]; then echo "cluster down: no cluster state in $state"; exit 0; fi

# Reverse order of start: clients of the API server first, etcd last.
order="coredns kwok kube-scheduler kube-controller-manager kube-apiserver etcd"
stopped=()
for name in $order; do
  pidfile="$state/pids/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  case "$exe" in
    "$CLUSTER_CACHE"/*) kill -TERM "$pid" 2>/dev/null && stopped+=("$name:$pid") ;;
    "") ;;  # already gone
    *) echo "cluster down: PID $pid of $name is now $exe, not ours: left alone" >&2 ;;
  esac
done
for entry in "${stopped[@]}"; do
  pid=${entry#*:}
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; sleep 0.2; fi
done
rm -rf "$state"
echo "cluster down: stopped ${#stopped[@]} processes (${stopped[*]:-none}) and removed $state"
