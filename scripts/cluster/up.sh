#!/usr/bin/env bash
# `npm run cluster:up`: a real Kubernetes control plane on loopback, for the cluster tests.
#
# Installs the Debian packages of the real nodes when missing (packages.sh), builds the binaries
# and the stand-in images the first time on a machine (build.sh, images.sh; cached outside the
# repository), then starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok
# (fake nodes that run the pods' lifecycle without a container runtime, tainted so that only pods
# that ask for them land there), CoreDNS, the image registry and two real nodes (containerd and a
# kubelet each, real-nodes.sh), and creates the StorageClasses and PersistentVolumes for claims to
# bind to. Writes .cluster/kubeconfig and .cluster/bin/kubectl and leaves the cluster running;
# `npm run cluster:down` stops exactly these processes (their PIDs are in .cluster/pids/), undoes
# what the real nodes set up on the machine (.cluster/nodes/ records it) and removes .cluster/.
# Every process listens on 127.0.0.1, or on the real nodes' bridge ($NODE_BRIDGE_IP).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/versions.sh"
. "$here/ports.sh"
. "$here/real-nodes.sh"

state="$root/.cluster"
die() { echo "cluster up: $*" >&2; exit 1; }
say() { echo "cluster up: $*"; }

if [ -f "$state/pids/kube-apiserver.pid" ] && kill -0 "$(cat "$state/pids/kube-apiserver.pid")" 2>/dev/null; then
  die "a cluster of this checkout is already running (.cluster/); run 'npm run cluster:down' first."
fi
[ ! -e "$state/nodes" ] || die "the real nodes of an earlier cluster were not torn down (.cluster/nodes/ is there); run 'npm run cluster:down' first."
ip link show "$NODE_BRIDGE" >/dev/null 2>&1 && die "the bridge $NODE_BRIDGE exists already: another cluster of this machine uses it. Stop it with its 'npm run cluster:down'."
rm -rf "$state"

start_all=$SECONDS
bash "$here/packages.sh"
bash "$here/build.sh"
lbin="$CLUSTER_CACHE/kubelet-$KUBERNETES_VERSION/bin"
kbin="$CLUSTER_CACHE/kubernetes-$KUBERNETES_VERSION/bin"
ebin="$CLUSTER_CACHE/etcd-$ETCD_VERSION/bin"
wbin="$CLUSTER_CACHE/kwok-$KWOK_VERSION/bin"
dbin="$CLUSTER_CACHE/coredns-$COREDNS_VERSION/bin"

# A port that something else listens on would make a component fail later with a less clear error.
for entry in "${CLUSTER_TCP_PORTS[@]}"; do
  port=${entry%%:*} who=${entry#*:}
  if ss -Hltn "sport = :$port" | grep -q .; then
    die "port $port (for $who) is taken on this machine: $(ss -Hltnp "sport = :$port" | head -n 1). Stop what listens there, or set CSW_CLUSTER_PORT_BASE to another base (now $CLUSTER_PORT_BASE)."
  fi
done
if ss -Hlun "sport = :$DNS_PORT" | grep -q .; then
  die "UDP port $DNS_PORT (for CoreDNS) is taken on this machine. Set CSW_CLUSTER_PORT_BASE to another base (now $CLUSTER_PORT_BASE)."
fi
bash "$here/images.sh" "$REGISTRY_PORT"

mkdir -p "$state"/{bin,pids,logs,pki,etcd,volumes}
ln -s "$kbin/kubectl" "$state/bin/kubectl"
kubectl="$state/bin/kubectl"

# Credentials: a static token in system:masters for every client (the simplest authentication
# that still runs authorization and admission), and the service-account signing key.
token="$(openssl rand -hex 16)"
echo "$token,cluster-admin,cluster-admin,system:masters" >"$state/pki/tokens.csv"
openssl genrsa -out "$state/pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$state/pki/sa.key" -pubout -out "$state/pki/sa.pub" 2>/dev/null
kubelet_client_cert
cat >"$state/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $state/pki/apiserver.crt
users:
- name: cluster-admin
  user:
    token: $token
contexts:
- name: local
  context: { cluster: local, user: cluster-admin }
current-context: local
KUBECONFIG

# start NAME COMMAND...: runs a component in the background, its output in .cluster/logs/NAME.log.
start() {
  local name=$1; shift
  setsid "$@" >"$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$state/pids/$name.pid"
}
# wait_for WHAT SECONDS COMPONENT COMMAND...: polls until COMMAND succeeds; fails at once, naming
# the log to read, when COMPONENT exits, and when SECONDS have passed.
wait_for() {
  local what=$1 seconds=$2 log=$3; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$state/pids/$log.pid")" 2>/dev/null; then
      tail -n 20 "$state/logs/$log.log" >&2 || true
      die "$log exited while starting; its log is $state/logs/$log.log (run 'npm run cluster:down' to clean up)"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$state/logs/$log.log" >&2 || true
      die "$what did not come up within $seconds s; its log is $state/logs/$log.log (run 'npm run cluster:down' to clean up)"
    fi
    sleep 0.5
  done
}
alive() { kill -0 "$(cat "$state/pids/$1.pid")" 2>/dev/null; }

say "starting etcd $ETCD_VERSION"
start etcd "$ebin/etcd" --name=csw --data-dir="$state/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="csw=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level=warn
wait_for etcd 30 etcd curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

say "starting kube-apiserver $KUBERNETES_VERSION"
# The admission plugins are kube-apiserver's defaults (PodSecurity, ServiceAccount,
# DefaultStorageClass, ...): the cluster must refuse what a real one refuses.
start kube-apiserver "$kbin/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
  --cert-dir="$state/pki" --token-auth-file="$state/pki/tokens.csv" \
  --authorization-mode=Node,RBAC \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$state/pki/sa.pub" --service-account-signing-key-file="$state/pki/sa.key" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --enable-priority-and-fairness=false \
  --kubelet-preferred-address-types=InternalIP \
  --kubelet-client-certificate="$state/pki/apiserver-kubelet-client.crt" --kubelet-client-key="$state/pki/apiserver-kubelet-client.key"
wait_for kube-apiserver 90 kube-apiserver "$kubectl" --kubeconfig "$state/kubeconfig" get --raw /readyz

say "starting kube-controller-manager and kube-scheduler"
start kube-controller-manager "$kbin/kube-controller-manager" --kubeconfig="$state/kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$CONTROLLER_MANAGER_PORT" --leader-elect=false \
  --service-account-private-key-file="$state/pki/sa.key" --root-ca-file="$state/pki/apiserver.crt" \
  --cluster-name=csw --controllers='*'
start kube-scheduler "$kbin/kube-scheduler" --kubeconfig="$state/kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --leader-elect=false
wait_for kube-controller-manager 60 kube-controller-manager curl -fsSk "https://127.0.0.1:$CONTROLLER_MANAGER_PORT/healthz"
wait_for kube-scheduler 60 kube-scheduler curl -fsSk "https://127.0.0.1:$SCHEDULER_PORT/healthz"

say "starting kwok $KWOK_VERSION and its nodes"
# Stages: what kwok does with the objects it manages. The shipped node stages, and pod stages
# derived from the shipped ones, with a delay before a pod turns Ready, so that ordered creation
# (web-1 only after web-0 is Ready) is observable.
mkdir -p "$state/kwok"
"$here/kwok-stages.sh" "$wbin/stages" >"$state/kwok/stages.yaml"
start kwok "$wbin/kwok" --kubeconfig="$state/kubeconfig" --config="$state/kwok/stages.yaml" \
  --manage-all-nodes=false --manage-nodes-with-label-selector=type=kwok \
  --server-address="127.0.0.1:$KWOK_PORT" --node-ip=127.0.0.1 --cidr=10.244.0.0/16 \
  --node-lease-duration-seconds=40
"$kubectl" --kubeconfig "$state/kubeconfig" apply -f "$here/nodes.yaml" >/dev/null
# A node's capacity is status, which a create ignores; kwok keeps what it finds there (and would
# report no ephemeral storage, which the example's pods request).
resources='{"cpu":"32","memory":"256Gi","ephemeral-storage":"1Ti","pods":"110"}'
for node in $("$kubectl" --kubeconfig "$state/kubeconfig" get nodes -l type=kwok -o name); do
  "$kubectl" --kubeconfig "$state/kubeconfig" patch "$node" --subresource=status --type=merge \
    -p "{\"status\":{\"capacity\":$resources,\"allocatable\":$resources}}" >/dev/null
done
wait_for "kwok's nodes" 60 kwok "$kubectl" --kubeconfig "$state/kubeconfig" wait --for=condition=Ready node --all --timeout=1s

# The real nodes' bridge, before CoreDNS binds to its address; the machine's settings that the
# kubelets change, recorded first for down.sh.
mkdir -p "$state/nodes"
record_host_settings
create_bridge

say "starting CoreDNS $COREDNS_VERSION on 127.0.0.1:$DNS_PORT and $NODE_BRIDGE_IP:53 (the pods' name server)"
cat >"$state/Corefile" <<COREFILE
cluster.local:$DNS_PORT {
    bind 127.0.0.1
    ready 127.0.0.1:$DNS_READY_PORT
    health 127.0.0.1:$DNS_HEALTH_PORT
    errors
    kubernetes cluster.local {
        kubeconfig $state/kubeconfig
        pods verified
    }
}
cluster.local:53 {
    bind $NODE_BRIDGE_IP
    errors
    kubernetes cluster.local {
        kubeconfig $state/kubeconfig
        pods verified
    }
}
COREFILE
start coredns "$dbin/coredns" -conf "$state/Corefile"
wait_for CoreDNS 60 coredns curl -fsS "http://127.0.0.1:$DNS_READY_PORT/ready"

say "starting the image registry on 127.0.0.1:$REGISTRY_PORT, and the real nodes ${REAL_NODES[*]}"
start_real_nodes

say "creating the StorageClasses and PersistentVolumes"
"$here/storage.sh" "$state/volumes" "${REAL_NODES[@]}" | "$kubectl" --kubeconfig "$state/kubeconfig" apply -f - >/dev/null
wait_for "the default namespace's service account" 60 kube-controller-manager \
  "$kubectl" --kubeconfig "$state/kubeconfig" get serviceaccount default -n default

for p in "$state"/pids/*.pid; do
  n=$(basename "$p" .pid); alive "$n" || die "$n exited; its log is $state/logs/$n.log"
done
say "ready in $((SECONDS - start_all)) s: export KUBECONFIG=$state/kubeconfig; kubectl is $kubectl"
