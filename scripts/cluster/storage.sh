#!/usr/bin/env bash
# Prints the cluster's storage (docs/cluster.md, "Storage"): two StorageClasses with no provisioner
# (as for local volumes, claims wait for a pod to be scheduled, then bind to a PersistentVolume
# that exists on the pod's node), and PersistentVolumes for them, reclaimed with Retain as a real
# cluster's local volumes are:
# - `local`, the default class, behaves as the local-path provisioner of kind and k3s
#   (rancher/local-path-provisioner), whose volumes are folders created with mode 0777: any user
#   of a pod can write them. On the real nodes, `local` PersistentVolumes in such folders; on kwok's
#   nodes, hostPath folders that no container ever uses.
# - `root-owned` behaves as cloud block storage: a fresh filesystem whose root folder is owned by
#   root with mode 0755, so that only root, or a pod whose fsGroup the kubelet applies, can write.
#   On the real nodes only.
# Usage: storage.sh DIR REAL_NODE...   (the folders go under DIR)
set -euo pipefail
dir=$1; shift
cat <<YAML
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local
  annotations: { storageclass.kubernetes.io/is-default-class: "true" }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: root-owned
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
YAML

# volume NAME SIZE CLASS NODE-LABEL NODE-VALUE SOURCE: a PersistentVolume that only pods of the
# nodes with that label can use.
volume() {
  cat <<YAML
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: $1
spec:
  capacity: { storage: $2 }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: $3
  volumeMode: Filesystem
  $6
  nodeAffinity:
    required:
      nodeSelectorTerms: [{ matchExpressions: [{ key: $4, operator: In, values: [$5] }] }]
YAML
}

# kwok's nodes: 60 volumes of 1Gi (the upgrade guard test takes about twenty, and a claim keeps its
# volume after its namespace is gone: Retain) and 8 of 10Gi.
for i in $(seq 0 67); do
  size=1Gi; [ "$i" -lt 60 ] || size=10Gi
  mkdir -p "$dir/kwok/pv-$i"
  volume "local-pv-$i" "$size" local type kwok "hostPath: { path: $dir/kwok/pv-$i, type: Directory }"
done

# Each real node: 20 volumes of 1Gi and 2 of 10Gi in `local` (the walkthrough takes five, the
# hand-off tests ten, the running-pod tests about ten), and 4 of 1Gi in `root-owned`. The kubelet
# applies a pod's fsGroup to `local` volumes (not to hostPath ones), as on a real cluster.
for node in "$@"; do
  for i in $(seq 0 21); do
    size=1Gi; [ "$i" -lt 20 ] || size=10Gi
    mkdir -p "$dir/$node/pv-$i" && chmod 0777 "$dir/$node/pv-$i"
    volume "$node-pv-$i" "$size" local kubernetes.io/hostname "$node" "local: { path: $dir/$node/pv-$i }"
  done
  for i in $(seq 0 3); do
    mkdir -p "$dir/$node/root-owned-$i" && chmod 0755 "$dir/$node/root-owned-$i"
    volume "$node-root-owned-$i" 1Gi root-owned kubernetes.io/hostname "$node" "local: { path: $dir/$node/root-owned-$i }"
  done
done
