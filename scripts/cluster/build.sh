#!/usr/bin/env bash
# shellcheck disable=SC2317  # the build_<component> functions are called by name: "build_${name//-/_}"
# Builds the control plane's binaries from Go modules, once per version, into $CLUSTER_CACHE.
# Usage: build.sh [kubernetes|kubelet|etcd|kwok|coredns|helm|yaml-oracle ...]   (default: all but yaml-oracle, which a test asks for)
# A component whose binaries are in the cache is not built again. Each build writes its log to
# $CLUSTER_CACHE/<component>-<version>.log, named in the error when it fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/versions.sh"

die() { echo "cluster build: $*" >&2; exit 1; }

export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export CGO_ENABLED=0
mkdir -p "$CLUSTER_CACHE"

# build_component NAME VERSION BINARIES... : runs build_NAME in a fresh wrapper module when a binary
# is missing; the binaries land in $CLUSTER_CACHE/NAME-VERSION/bin only when every one was built.
build_component() {
  local name=$1 version=$2; shift 2
  local dir="$CLUSTER_CACHE/$name-$version" log="$CLUSTER_CACHE/$name-$version.log" missing=0 b
  for b in "$@"; do [ -x "$dir/bin/$b" ] || missing=1; done
  if [ "$missing" = 0 ]; then echo "cluster build: $name $version cached in $dir"; return 0; fi
  command -v go >/dev/null 2>&1 || die "Go is missing, and $name $version is not built yet in $dir: install Go 1.26 or later (https://go.dev/dl/), then run again."
  echo "cluster build: building $name $version (log: $log)"
  local start=$SECONDS work="$dir/work"
  rm -rf "$work" "$dir/bin.partial" && mkdir -p "$work" "$dir/bin.partial"
  if ! (cd "$work" && "build_${name//-/_}" "$version" "$dir/bin.partial") >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "building $name $version failed; the whole log is $log"
  fi
  rm -rf "${dir:?}/bin" && mv "$dir/bin.partial" "$dir/bin" && rm -rf "$work"
  echo "cluster build: $name $version built in $((SECONDS - start)) s"
}

# k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging/...,
# which only works inside its own repository (kubernetes/kubernetes#79384). A wrapper module
# requires k8s.io/kubernetes and replaces every staging module with its published v0.Y.Z.
# build_kubernetes_commands VERSION OUT COMMAND...: the commands of k8s.io/kubernetes/cmd, with
# the version stamped as Kubernetes' own build stamps it.
build_kubernetes_commands() {
  local version=$1 out=$2 minor staging mod; shift 2
  local cmds="$*"
  minor="${version#v1.}"; minor="${minor%%.*}"
  go mod download k8s.io/kubernetes@"$version"
  mod="$(go env GOMODCACHE)/k8s.io/kubernetes@$version/go.mod"
  staging=$(sed -n 's#^\s*\(k8s.io/[^ ]*\) => ./staging/.*#\1#p' "$mod")
  {
    echo "module csw.local/kubernetes-build"
    echo "go $(sed -n 's/^go //p' "$mod")"
    sed -n 's/^godebug .*/&/p' "$mod" | head -n 1
    echo "require k8s.io/kubernetes $version"
    for m in $staging; do echo "replace $m => $m v0.${version#v1.}"; done
  } >go.mod
  local pkgs="" c
  for c in $cmds; do pkgs="$pkgs k8s.io/kubernetes/cmd/$c"; done
  local gets=() p
  for p in $pkgs; do gets+=("$p@$version"); done
  go get "${gets[@]}"
  local vpkg=k8s.io/component-base/version cpkg=k8s.io/client-go/pkg/version ldflags="-s -w" p
  for p in $vpkg $cpkg; do
    ldflags="$ldflags -X $p.gitVersion=$version -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  for c in $cmds; do
    go build -trimpath -ldflags "$ldflags" -o "$out/$c" "k8s.io/kubernetes/cmd/$c"
  done
}
build_kubernetes() { build_kubernetes_commands "$1" "$2" kube-apiserver kube-controller-manager kube-scheduler kubectl; }
# The kubelet of the real nodes: a component of its own, so that a machine whose control plane is
# cached builds only it (it shares most of its packages, and so Go's build cache, with the others).
build_kubelet() { build_kubernetes_commands "$1" "$2" kubelet; }

# etcd's server/go.mod replaces its sibling modules with ../ (etcd-io/etcd#18501): the wrapper
# module takes the published ones at the same version.
build_etcd() {
  local version=$1 out=$2
  printf 'module csw.local/etcd-build\ngo 1.26.0\n' >go.mod
  go get go.etcd.io/etcd/server/v3@"$version"
  go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
}

build_kwok() {
  local version=$1 out=$2
  GOBIN="$out" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$version" sigs.k8s.io/kwok/cmd/kwok@"$version"
  # kwok's binary has no built-in stages: keep the module's stage files beside it.
  local src
  src="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$version/kustomize/stage"
  mkdir -p "$out/stages" && cp -r "$src/." "$out/stages/" && chmod -R u+w "$out/stages"
}

# CoreDNS's own main links every plugin (and the cloud SDKs of some). This main links only the
# plugins the cluster's Corefile uses, the way CoreDNS documents building with external plugins.
build_coredns() {
  local version=$1 out=$2
  printf 'module csw.local/coredns-build\ngo 1.26.0\n' >go.mod
  cat >main.go <<'GO'
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

// The plugins this binary links, in CoreDNS's order (plugin.cfg).
func init() {
	dnsserver.Directives = []string{"bind", "ready", "health", "errors", "log", "kubernetes"}
}

func main() { coremain.Run() }
GO
  go get github.com/coredns/coredns@"$version"
  go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$out/coredns" .
}

# helm's go.mod has no replace directives, so `go install module@version` builds it as released,
# with the version stamped as helm's Makefile stamps it (`helm version`).
build_helm() {
  local version=$1 out=$2
  GOBIN="$out" go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$version -X helm.sh/helm/v3/internal/version.gitTreeState=clean" helm.sh/helm/v3/cmd/helm@"$version"
}

# The YAML readers' oracle of the cluster tests (scripts/cluster/yaml-oracle/main.go), with the
# versions of sigs.k8s.io/yaml, kyaml and go-yaml that Kubernetes $KUBERNETES_VERSION requires, so
# that it reads YAML as that release's kubectl, API server and kustomize do. Not built by default:
# test/cluster/yaml-readers.cluster.test.ts builds it (`build.sh yaml-oracle`).
build_yaml_oracle() {
  local version=$1 out=$2 mod m pins=()
  go mod download k8s.io/kubernetes@"$KUBERNETES_VERSION"
  mod="$(go env GOMODCACHE)/k8s.io/kubernetes@$KUBERNETES_VERSION/go.mod"
  for m in sigs.k8s.io/yaml sigs.k8s.io/kustomize/kyaml go.yaml.in/yaml/v2 go.yaml.in/yaml/v3; do
    pins+=("$m@$(awk -v m="$m" '$1 == m { print $2; exit }' "$mod")")
  done
  printf 'module csw.local/yaml-oracle\ngo 1.26.0\n' >go.mod
  cp "$here/yaml-oracle/main.go" .
  go get "${pins[@]}"
  go mod tidy
  go list -m "${pins[@]%@*}"
  go build -trimpath -ldflags "-s -w" -o "$out/yaml-oracle" .
}

main() {
  local targets=("$@") t
  [ ${#targets[@]} -gt 0 ] || targets=(etcd kwok coredns helm kubernetes kubelet)
  for t in "${targets[@]}"; do
    case "$t" in
      kubernetes) build_component kubernetes "$KUBERNETES_VERSION" kube-apiserver kube-controller-manager kube-scheduler kubectl ;;
      kubelet) build_component kubelet "$KUBERNETES_VERSION" kubelet ;;
      etcd) build_component etcd "$ETCD_VERSION" etcd ;;
      kwok) build_component kwok "$KWOK_VERSION" kwok ;;
      coredns) build_component coredns "$COREDNS_VERSION" coredns ;;
      helm) build_component helm "$HELM_VERSION" helm ;;
      yaml-oracle) build_component yaml-oracle "$KUBERNETES_VERSION-$(sha256sum "$here/yaml-oracle/main.go" | cut -c1-12)" yaml-oracle ;;
      *) die "unknown component '$t' (kubernetes, kubelet, etcd, kwok, coredns, helm or yaml-oracle)" ;;
    esac
  done
}

# bash reads a script as it runs it: with the whole script read before the first build starts,
# a checkout that changes this file during a long build does not break the build.
main "$@"
exit 0
