# shellcheck shell=bash disable=SC2034  # sourced: its variables are for the scripts that source it
# The pinned versions of the control plane that `npm run cluster:up` builds and runs, and of the
# helm client that the cluster tests use.
# Each build is cached under $CLUSTER_CACHE/<component>-<version>, so changing a version here
# builds that component anew and leaves the others as they are.
KUBERNETES_VERSION=v1.36.3   # kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
ETCD_VERSION=v3.6.8          # the etcd that Kubernetes v1.36.3 pins (build/dependencies.yaml)
KWOK_VERSION=v0.8.0          # fake nodes: pod lifecycle without a container runtime
COREDNS_VERSION=v1.14.2      # the CoreDNS that Kubernetes v1.36.3 pins (coredns-kube-up)
HELM_VERSION=v3.22.0         # helm lint and helm template of `cdk8s synth --format helm` (the hand-off tests)
CLUSTER_CACHE="${CSW_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-stateful-web/cluster}"
