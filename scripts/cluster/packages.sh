#!/usr/bin/env bash
# Installs the Debian packages of the real nodes when one is missing, as CI does on a fresh
# machine: the container runtime (containerd, runc), the CNI plugins, and the tools that build and
# serve the stand-in images (umoci, skopeo, docker-registry). Needs root and Debian's apt, which
# reach only the package registry. Prints the versions it runs with.
set -euo pipefail

die() { echo "cluster packages: $*" >&2; exit 1; }

# package:file, the file telling that the package is installed.
PACKAGES=(
  containerd:/usr/bin/containerd
  runc:/usr/sbin/runc
  containernetworking-plugins:/usr/lib/cni/bridge
  umoci:/usr/bin/umoci
  skopeo:/usr/bin/skopeo
  docker-registry:/usr/bin/docker-registry
)
missing=()
for entry in "${PACKAGES[@]}"; do
  [ -e "${entry#*:}" ] || missing+=("${entry%%:*}")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "the real nodes need root (containerd, the kubelet, a bridge), and these packages: ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "no apt-get: install ${missing[*]} (Debian 12's versions, docs/cluster.md) by other means"
  echo "cluster packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
dpkg-query -W -f='cluster packages: ${Package} ${Version}\n' "${PACKAGES[@]%%:*}"
