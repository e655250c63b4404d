#!/usr/bin/env bash
# `npm run cluster:down`: stops exactly the processes `npm run cluster:up` started (the PIDs in
# .cluster/pids/, each checked to still be the binary it started, so that a PID the system has
# since reused is left alone), undoes what the real nodes set up on the machine (their
# containers, mounts, cgroups, bridge, the kubelets' iptables chains and kernel settings, as
# recorded in .cluster/nodes/), then removes .cluster/. The build cache stays.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/versions.sh"
. "$here/ports.sh"
. "$here/real-nodes.sh"
state="$root/.cluster"
nodes="$state/nodes"

if [ ! -d "$state" ]; then echo "cluster down: no cluster state in $state"; exit 0; fi
say() { echo "cluster down: $*"; }

stopped=()
# stop NAME...: TERM to each process of these names that is still the binary up.sh started, then
# KILL to those still alive after 10 s.
stop() {
  local name pidfile pid exe entry pids=()
  for name in "$@"; do
    pidfile="$state/pids/$name.pid"
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
    case "$exe" in
      "$CLUSTER_CACHE"/* | /usr/bin/containerd | /usr/bin/docker-registry) kill -TERM "$pid" 2>/dev/null && pids+=("$pid") && stopped+=("$name:$pid") ;;
      "") ;;  # already gone
      *) echo "cluster down: PID $pid of $name is now $exe, not ours: left alone" >&2 ;;
    esac
  done
  for entry in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$entry" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$entry" 2>/dev/null; then kill -KILL "$entry" 2>/dev/null; sleep 0.2; fi
  done
}

# The kubelets first, so that none restarts a container while the runtime is taken down.
for node in "${REAL_NODES[@]}"; do stop "kubelet-$node"; done

# The containers: every process in the real nodes' cgroups (the kubelets put each pod's
# containers, its sandbox included, under their cgroup root), then the shims of each containerd,
# which outlive it and are named by its socket, then containerd. Their network namespaces,
# mounts and cgroups go below.
cgroup_procs() {
  [ -f "$nodes/cgroups" ] || return 0
  local cg h
  while read -r cg; do
    for h in /sys/fs/cgroup/*/; do
      [ -d "$h${cg#/}" ] && find "$h${cg#/}" -name cgroup.procs -exec cat {} + 2>/dev/null
    done
  done <"$nodes/cgroups" | sort -u
}
for _ in 1 2 3 4 5; do
  procs=$(cgroup_procs)
  [ -n "$procs" ] || break
  for pid in $procs; do kill -KILL "$pid" 2>/dev/null; done
  sleep 0.2
done
for node in "${REAL_NODES[@]}"; do
  sock="$nodes/$node/containerd.sock"
  for pid in $(pgrep -f "^/usr/bin/containerd-shim-runc-v2 .*-address $sock( |$)"); do kill -KILL "$pid" 2>/dev/null; done
  stop "containerd-$node"
done

# Reverse order of start: clients of the API server first, etcd last.
stop registry coredns kwok kube-scheduler kube-controller-manager kube-apiserver etcd

# Mounts under .cluster/ (volumes, secrets, container root filesystems, network namespaces),
# the deepest first.
mounts() { awk -v s="$state/" '{ m = $5; gsub(/\\040/, " ", m); if (index(m "/", s) == 1) print m }' /proc/self/mountinfo | sort -r; }
for _ in 1 2 3; do
  for m in $(mounts); do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
  [ -z "$(mounts)" ] && break
done

if [ -f "$nodes/cgroups" ]; then
  while read -r cg; do
    for h in /sys/fs/cgroup/*/; do
      [ -d "$h${cg#/}" ] && find "$h${cg#/}" -depth -type d -exec rmdir {} + 2>/dev/null
    done
  done <"$nodes/cgroups"
fi

[ -f "$nodes/bridge" ] && ip link del "$(cat "$nodes/bridge")" 2>/dev/null
# The folder of the shims' sockets, if cluster:up's containerds made it: no other containerd runs
# here, and a shim killed above leaves its socket.
[ -f "$nodes/run-containerd-created" ] && rm -rf /run/containerd

# The iptables chains the kubelets created (those that were not there before cluster:up), with
# any rule that jumps to them.
if [ -f "$nodes/chains-before" ]; then
  for tool in iptables ip6tables; do
    command -v "$tool" >/dev/null 2>&1 || continue
    for table in filter nat mangle; do
      for chain in $("$tool-save" -t "$table" 2>/dev/null | sed -n 's/^:\([^ ]*\) .*/\1/p'); do
        grep -qxF "$chain" "$nodes/chains-before" && continue
        "$tool-save" -t "$table" | grep -- "-j $chain\( \|$\)" | sed 's/^-A /-D /' | while read -r rule; do
          # shellcheck disable=SC2086  # the rule's words, as iptables-save wrote them
          "$tool" -t "$table" $rule
        done
        "$tool" -t "$table" -F "$chain" && "$tool" -t "$table" -X "$chain"
      done
    done
  done
fi

# The kernel settings the kubelets changed, back to what they were.
if [ -f "$nodes/sysctls" ]; then
  while read -r key value; do
    [ "$(cat "/proc/sys/$key")" = "$value" ] || echo "$value" >"/proc/sys/$key"
  done <"$nodes/sysctls"
fi
if [ -f "$nodes/ip_forward" ] && [ "$(cat /proc/sys/net/ipv4/ip_forward)" != "$(cat "$nodes/ip_forward")" ]; then
  echo "cluster down: net.ipv4.ip_forward is $(cat /proc/sys/net/ipv4/ip_forward), it was $(cat "$nodes/ip_forward") before cluster:up" >&2
fi

left=$(mounts)
if [ -n "$left" ]; then
  echo "cluster down: these mounts are still there, so $state is kept:" >&2
  echo "$left" >&2
  exit 1
fi
rm -rf "$state"
say "stopped ${#stopped[@]} processes (${stopped[*]:-none}) and removed $state"
