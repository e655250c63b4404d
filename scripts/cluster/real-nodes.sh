# shellcheck shell=bash disable=SC2154  # here, state, lbin, kubectl: up.sh's, which sources this file
# The real nodes of `npm run cluster:up`, sourced by up.sh (its start, wait_for, die and say, and
# $here, $state, $lbin and $kubectl): for each of REAL_NODES, a containerd with its own root, state, socket
# and CNI configuration, and a kubelet with its own root directory, ports and cgroup root, on the
# bridge $NODE_BRIDGE. down.sh undoes every step (docs/cluster.md, "Real nodes").
#
# Nothing leaves the machine, by configuration:
# - containerd pulls every image from the registry on 127.0.0.1 (registry_hosts below: each
#   registry's only endpoint is that one, so there is no fallback to the real host);
# - pods get an address on the bridge's subnet and that route only (no default route, no NAT,
#   ip_forward untouched), and the kubelet's resolv.conf is empty: pods resolve through the
#   cluster's CoreDNS on the bridge, which forwards nothing;
# - the kubelets listen on the bridge's address, and the API server reaches them there
#   (--kubelet-preferred-address-types=InternalIP), never through a hostname lookup.

# The registries whose images the cluster runs, each served from the local registry under a path
# of its own name; `_default` is every other registry, for which the local registry has nothing.
MIRRORED_REGISTRIES=(docker.io registry.k8s.io _default)

registry_hosts() { # registry_hosts DIR: containerd's hosts.toml for each mirrored registry
  local dir=$1 r
  for r in "${MIRRORED_REGISTRIES[@]}"; do
    mkdir -p "$dir/$r"
    # containerd 1.6 ignores a hosts.toml without a [host] table, and then pulls from the real
    # registry: the local registry is both the [host] and the 'server' that containerd tries last,
    # so a missing image fails here instead of being fetched from the internet.
    cat >"$dir/$r/hosts.toml" <<TOML
server = "http://127.0.0.1:$REGISTRY_PORT/v2/$r"
override_path = true
[host."http://127.0.0.1:$REGISTRY_PORT/v2/$r"]
  capabilities = ["pull", "resolve"]
  override_path = true
TOML
  done
}

# The kernel settings the kubelet sets on the machine when it starts (its KernelTunableModify:
# protectKernelDefaults would refuse to start on other values instead): record_host_settings
# records them, down.sh puts them back.
KUBELET_SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes)

start_registry() {
  local images
  images="$CLUSTER_CACHE/images-$(sha256sum "$here/images.sh" | cut -c1-12)/registry"
  cat >"$state/registry.yml" <<YAML
version: 0.1
log: { level: warn, accesslog: { disabled: true } }
storage:
  filesystem: { rootdirectory: $images }
  maintenance: { readonly: { enabled: true } }   # the cache is shared by every run
http: { addr: "127.0.0.1:$REGISTRY_PORT" }
YAML
  start registry /usr/bin/docker-registry serve "$state/registry.yml"
  wait_for "the image registry" 30 registry curl -fsS "http://127.0.0.1:$REGISTRY_PORT/v2/"
}

create_bridge() {
  ip link add "$NODE_BRIDGE" type bridge
  echo "$NODE_BRIDGE" >"$state/nodes/bridge"
  ip addr add "$NODE_BRIDGE_IP/${NODE_SUBNET#*/}" dev "$NODE_BRIDGE"
  ip link set "$NODE_BRIDGE" up
}

record_host_settings() {
  local s
  for s in "${KUBELET_SYSCTLS[@]}"; do echo "$s $(cat "/proc/sys/$s")"; done >"$state/nodes/sysctls"
  cat /proc/sys/net/ipv4/ip_forward >"$state/nodes/ip_forward"
  # containerd 1.6 puts its shims' sockets in /run/containerd/s, whatever its state directory.
  [ -e /run/containerd ] || touch "$state/nodes/run-containerd-created"
  # The iptables chains that exist before the kubelets start: down.sh removes only the others.
  if command -v iptables-save >/dev/null 2>&1; then
    { iptables-save; ip6tables-save; } 2>/dev/null | sed -n 's/^:\([^ ]*\) .*/\1/p' | sort -u >"$state/nodes/chains-before"
  fi
}

# cgroup_root NAME: the kubelet's cgroup root in every cgroup v1 hierarchy, with cpuset's CPUs and
# memory nodes copied from the top (a cpuset cgroup without them takes no process).
cgroup_root() {
  local name=$1 h
  for h in /sys/fs/cgroup/*/; do
    [ -d "$h" ] || continue
    mkdir -p "$h$name"
    if [ -f "$h/cpuset.cpus" ]; then
      cat "$h/cpuset.cpus" >"$h$name/cpuset.cpus"
      cat "$h/cpuset.mems" >"$h$name/cpuset.mems"
    fi
  done
  echo "/$name" >>"$state/nodes/cgroups"
}

# kubelet_client_cert: the API server's client certificate for the kubelets (x509 authentication),
# from a CA that only the kubelets trust.
kubelet_client_cert() {
  local pki=$state/pki
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/kubelet-ca.key" -out "$pki/kubelet-ca.crt" \
    -days 2 -subj "/CN=csw-kubelet-client-ca" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$pki/apiserver-kubelet-client.key" -out "$pki/apiserver-kubelet-client.csr" \
    -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" 2>/dev/null
  openssl x509 -req -in "$pki/apiserver-kubelet-client.csr" -CA "$pki/kubelet-ca.crt" -CAkey "$pki/kubelet-ca.key" \
    -CAcreateserial -days 2 -out "$pki/apiserver-kubelet-client.crt" 2>/dev/null
}

# start_real_node INDEX: containerd and the kubelet of REAL_NODES[INDEX].
start_real_node() {
  local i=$1 name=${REAL_NODES[$1]}
  local dir="$state/nodes/$name"
  mkdir -p "$dir"/{cni,kubelet,pod-logs,volume-plugins,ipam} "$dir/containerd"/{root,state,opt}
  cgroup_root "csw-$name"

  cat >"$dir/cni/10-csw.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "csw",
  "plugins": [
    {
      "type": "bridge", "bridge": "$NODE_BRIDGE",
      "isGateway": false, "isDefaultGateway": false, "ipMasq": false, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$dir/ipam",
        "ranges": [[{ "subnet": "$NODE_SUBNET", "rangeStart": "${NODE_POD_RANGES[$i]%-*}", "rangeEnd": "${NODE_POD_RANGES[$i]#*-}" }]]
      }
    },
    { "type": "loopback" }
  ]
}
JSON
  registry_hosts "$dir/registry"
  cat >"$dir/containerd.toml" <<TOML
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
oom_score = 0
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10"
  # root here lacks CAP_SYS_RESOURCE: runc may not lower a process's OOM score adjustment.
  restrict_oom_score_adj = true
  disable_apparmor = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "/usr/sbin/runc"
        Root = "$dir/containerd/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$dir/registry"
TOML
  start "containerd-$name" /usr/bin/containerd --config "$dir/containerd.toml"
  wait_for "containerd of $name" 30 "containerd-$name" ctr --address "$dir/containerd.sock" version

  : >"$dir/resolv.conf"   # no host name servers for pods (dnsPolicy Default) or the kubelet to pass on
  cat >"$dir/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_BRIDGE_IP
port: ${KUBELET_PORTS[$i]}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${KUBELET_HEALTHZ_PORTS[$i]}
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: false }
  x509: { clientCAFile: $state/pki/kubelet-ca.crt }
authorization: { mode: Webhook }
containerRuntimeEndpoint: unix://$dir/containerd.sock
# The machine mounts cgroup v1, which kubelets from 1.35 refuse unless told; PID 1 is not systemd.
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: /csw-$name
clusterDNS: [$NODE_BRIDGE_IP]
clusterDomain: cluster.local
resolvConf: $dir/resolv.conf
podLogsDir: $dir/pod-logs
volumePluginDir: $dir/volume-plugins
failSwapOn: false
serializeImagePulls: false
# Two kubelets share one disk and its free space: evict only when it is really short.
evictionHard: { memory.available: 100Mi, nodefs.available: 2%, nodefs.inodesFree: 2%, imagefs.available: 2% }
YAML
  start "kubelet-$name" "$lbin/kubelet" --config="$dir/kubelet.yaml" --kubeconfig="$state/kubeconfig" \
    --root-dir="$dir/kubelet" --hostname-override="$name" --node-ip="$NODE_BRIDGE_IP" \
    --node-labels="type=real,topology.kubernetes.io/zone=zone-real-$i"
}

# start_real_nodes: the registry and the nodes (after record_host_settings, create_bridge, and
# kubelet_client_cert before the API server starts).
start_real_nodes() {
  start_registry
  local i
  for i in "${!REAL_NODES[@]}"; do start_real_node "$i"; done
  for i in "${!REAL_NODES[@]}"; do
    wait_for "node ${REAL_NODES[$i]} Ready" 90 "kubelet-${REAL_NODES[$i]}" \
      "$kubectl" --kubeconfig "$state/kubeconfig" wait --for=condition=Ready "node/${REAL_NODES[$i]}" --timeout=1s
  done
}
