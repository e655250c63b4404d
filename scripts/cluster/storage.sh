#!/usr/bin/env bash
# Prints the cluster's storage: a default StorageClass with no provisioner (as for local volumes,
# claims wait for a pod to be scheduled, then bind to a PersistentVolume that exists), and
# PersistentVolumes for them: hostPath folders under $1, never written to (no container runs),
# reclaimed with Retain as a real cluster's local volumes are.
set -euo pipefail
dir=$1
cat <<YAML
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local
  annotations: { storageclass.kubernetes.io/is-default-class: "true" }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
YAML
# 60 volumes of 1Gi (the example's size: the walkthrough takes five, the upgrade guard test about twenty,
# the hand-off tests ten, and a claim keeps its volume after its namespace is gone: Retain) and 8 of 10Gi.
for i in $(seq 0 67); do
  size=1Gi; [ "$i" -lt 60 ] || size=10Gi
  mkdir -p "$dir/pv-$i"
  cat <<YAML
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-pv-$i
spec:
  capacity: { storage: $size }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local
  volumeMode: Filesystem
  hostPath: { path: $dir/pv-$i, type: DirectoryOrCreate }
YAML
done
