# shellcheck shell=bash disable=SC2034  # sourced: its variables are for the scripts that source it
# The loopback ports of the cluster's components: CSW_CLUSTER_PORT_BASE moves them all at once.
CLUSTER_PORT_BASE="${CSW_CLUSTER_PORT_BASE:-16400}"
ETCD_PORT=$((CLUSTER_PORT_BASE + 0))
ETCD_PEER_PORT=$((CLUSTER_PORT_BASE + 1))
APISERVER_PORT=$((CLUSTER_PORT_BASE + 43))
CONTROLLER_MANAGER_PORT=$((CLUSTER_PORT_BASE + 57))
SCHEDULER_PORT=$((CLUSTER_PORT_BASE + 59))
KWOK_PORT=$((CLUSTER_PORT_BASE + 47))
DNS_PORT=$((CLUSTER_PORT_BASE + 53))      # UDP and TCP
DNS_HEALTH_PORT=$((CLUSTER_PORT_BASE + 80))
DNS_READY_PORT=$((CLUSTER_PORT_BASE + 81))
CLUSTER_TCP_PORTS=(
  "$ETCD_PORT:etcd" "$ETCD_PEER_PORT:etcd peers" "$APISERVER_PORT:kube-apiserver"
  "$CONTROLLER_MANAGER_PORT:kube-controller-manager" "$SCHEDULER_PORT:kube-scheduler"
  "$KWOK_PORT:kwok" "$DNS_PORT:CoreDNS" "$DNS_HEALTH_PORT:CoreDNS health" "$DNS_READY_PORT:CoreDNS ready"
)
REGISTRY_PORT=$((CLUSTER_PORT_BASE + 5))   # the stand-in images' registry
KUBELET_PORTS=($((CLUSTER_PORT_BASE + 10)) $((CLUSTER_PORT_BASE + 11)))          # one a real node
KUBELET_HEALTHZ_PORTS=($((CLUSTER_PORT_BASE + 20)) $((CLUSTER_PORT_BASE + 21)))
CLUSTER_TCP_PORTS+=(
  "$REGISTRY_PORT:the image registry"
  "${KUBELET_PORTS[0]}:kubelet of real-node-0" "${KUBELET_PORTS[1]}:kubelet of real-node-1"
  "${KUBELET_HEALTHZ_PORTS[0]}:kubelet healthz of real-node-0" "${KUBELET_HEALTHZ_PORTS[1]}:kubelet healthz of real-node-1"
)

# The real nodes' network: a bridge of its own with a /24, the host's address on it (the kubelets'
# InternalIP, and the pods' DNS server), and a range of pod addresses per node. Pods get the
# subnet's route only: no default route, no NAT, no forwarding.
NODE_BRIDGE=csw0
NODE_SUBNET=10.250.0.0/24
NODE_BRIDGE_IP=10.250.0.1
NODE_POD_RANGES=("10.250.0.64-10.250.0.127" "10.250.0.128-10.250.0.191")
REAL_NODES=(real-node-0 real-node-1)
