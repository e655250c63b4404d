#!/usr/bin/env bash
# Builds the stand-in images of the real nodes from Debian packages, once per version of this
# script, into a registry's storage folder: $CLUSTER_CACHE/images-<hash of this file>/registry.
# up.sh serves that folder read-only from a registry on 127.0.0.1, and containerd pulls every
# image from there (docs/cluster.md, "Images").
#
# No image comes from the internet: each is a root filesystem of Debian packages (apt-get download
# of the packages and their dependencies, unpacked with dpkg-deb -x, no maintainer scripts run),
# made an OCI image by umoci and pushed by skopeo. Each honours the documented contract of the
# image it stands for, no more (docs/cluster.md lists what each honours).
#
# Usage: images.sh REGISTRY_PORT   (a free port on 127.0.0.1 for the registry the build pushes to)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/versions.sh"
port=$1

die() { echo "cluster images: $*" >&2; exit 1; }

key="$(sha256sum "$here/images.sh" | cut -c1-12)"
dir="$CLUSTER_CACHE/images-$key"
if [ -d "$dir/registry" ]; then echo "cluster images: cached in $dir"; exit 0; fi
for tool in apt-get dpkg-deb umoci skopeo docker-registry; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (scripts/cluster/packages.sh installs it)"
done

start=$SECONDS
work="$dir/work"
log="$dir/build.log"
rm -rf "$work" "$dir/registry.partial" && mkdir -p "$work/debs" "$dir/registry.partial"
echo "cluster images: building the stand-in images (log: $log)"
exec 3>&1 >"$log" 2>&1
registry=
finish() {
  local status=$?
  if [ -n "$registry" ]; then kill "$registry" 2>/dev/null; wait "$registry" 2>/dev/null; fi
  if [ $status -ne 0 ]; then tail -n 20 "$log" >&3; echo "cluster images: failed; the whole log is $log" >&3; fi
}
trap finish EXIT

# debs PACKAGE...: downloads the packages and everything they depend on (not what they recommend)
# into $work/debs, and prints the paths of their .deb files. With ONLY=1, the packages alone.
debs() {
  local names
  if [ "${ONLY:-0}" = 1 ]; then names="$*"; else
    names=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
      --no-replaces --no-enhances "$@" | grep '^[a-z0-9]' | sort -u)
  fi
  # shellcheck disable=SC2086  # one word per package name
  (cd "$work/debs" && apt-get download -q $names >/dev/null)
  local n
  for n in $names; do ls "$work/debs/${n}_"*.deb; done
}

# rootfs NAME PACKAGE...: a root filesystem in $work/NAME with the packages and their dependencies.
rootfs() {
  local name=$1 root="$work/$1" deb; shift
  mkdir -p "$root"/{etc,tmp,root}
  chmod 1777 "$root/tmp"
  for deb in $(debs "$@"); do dpkg-deb -x "$deb" "$root"; done
  # busybox's applets as commands, where no package put a command of that name.
  if [ -x "$root/bin/busybox" ]; then
    local applet
    for applet in $("$root/bin/busybox" --list); do
      [ -e "$root/bin/$applet" ] || [ -e "$root/usr/bin/$applet" ] || [ -e "$root/usr/sbin/$applet" ] || ln -s busybox "$root/bin/$applet"
    done
  fi
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
}

# image NAME REFERENCE... -- UMOCI-CONFIG...: the root filesystem $work/NAME as one layer, with
# umoci's config options, pushed to the registry as each REFERENCE (registry/repository:tag).
image() {
  local name=$1 layout="$work/oci" refs=() ref; shift
  while [ "$1" != -- ]; do refs+=("$1"); shift; done; shift
  [ -d "$layout" ] || umoci init --layout "$layout"
  umoci new --image "$layout:$name"
  umoci insert --image "$layout:$name" "$work/$name" /
  umoci config --image "$layout:$name" --author=cdk8s-stateful-web "$@"
  for ref in "${refs[@]}"; do
    skopeo copy --quiet --dest-tls-verify=false "oci:$layout:$name" "docker://127.0.0.1:$port/$ref"
  done
}

nginx_conf() { # nginx_conf PREFIX ROOT: nginx.conf for a non-root nginx with its state under PREFIX
  cat <<NGINX
worker_processes 1;
daemon off;
error_log stderr;
pid $1/nginx.pid;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log /dev/stdout;
  client_body_temp_path $1/client_body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
  server {
    listen 8080;
    root $2;
    index index.html;
  }
NGINX
}

# The registry the build pushes to, writable, on the folder that up.sh serves read-only.
cat >"$work/registry.yml" <<YAML
version: 0.1
log: { level: warn, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $dir/registry.partial } }
http: { addr: "127.0.0.1:$port" }
YAML
docker-registry serve "$work/registry.yml" &
registry=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null || die "the registry did not answer on 127.0.0.1:$port"

# registry.k8s.io/pause: the sandbox of every pod. catatonit's pause mode (-P) does what pause
# does: sleeps until a signal, as PID 1 of the pod, reaping children. Statically linked.
rootfs pause catatonit
cp "$work/pause/usr/bin/catatonit" "$work/pause/pause"
image pause registry.k8s.io/pause:3.10 -- --config.user=65535:65535 --config.entrypoint=/pause --config.cmd=-P

# bitnami/nginx (and bitnamilegacy/nginx, the production example's): nginx as user 1001, on 8080,
# serving /app; its config, pid and temporary files under /opt/bitnami/nginx (the paths of
# bitnami's image, which the production example's writablePaths name); curl and sh (busybox).
rootfs bitnami-nginx nginx curl busybox-static
b="$work/bitnami-nginx/opt/bitnami/nginx"
mkdir -p "$b"/{conf/server_blocks,tmp,logs,cache} "$work/bitnami-nginx/app"
{ nginx_conf /opt/bitnami/nginx/tmp /app; echo '  include /opt/bitnami/nginx/conf/server_blocks/*.conf;'; echo '}'; } >"$b/conf/nginx.conf"
echo '<p>bitnami/nginx stand-in</p>' >"$work/bitnami-nginx/app/index.html"
# Bitnami's images run as 1001 in group root, with their writable folders group-writable.
chown -R 1001:0 "$b" "$work/bitnami-nginx/app" && chmod -R g+rwX "$b" "$work/bitnami-nginx/app"
image bitnami-nginx docker.io/bitnami/nginx:latest docker.io/bitnamilegacy/nginx:1.29.1-debian-12-r0 -- \
  --config.user=1001 --config.workingdir=/app --config.exposedports=8080/tcp \
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.entrypoint=/usr/sbin/nginx --config.cmd=-c --config.cmd=/opt/bitnami/nginx/conf/nginx.conf --config.cmd=-e --config.cmd=stderr

# nginxinc/nginx-unprivileged: nginx as user 101, on 8080, serving /usr/share/nginx/html; pid and
# temporary files under /tmp.
rootfs nginx-unprivileged nginx busybox-static
u="$work/nginx-unprivileged"
echo 'nginx:x:101:101:nginx:/nonexistent:/bin/false' >>"$u/etc/passwd"
echo 'nginx:x:101:' >>"$u/etc/group"
mkdir -p "$u/usr/share/nginx/html" && echo '<p>nginx-unprivileged stand-in</p>' >"$u/usr/share/nginx/html/index.html"
{ nginx_conf /tmp /usr/share/nginx/html; echo '}'; } >"$u/etc/nginx/nginx.conf"
image nginx-unprivileged docker.io/nginxinc/nginx-unprivileged:1.29.4-alpine -- \
  --config.user=101 --config.exposedports=8080/tcp \
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.entrypoint=/usr/sbin/nginx --config.cmd=-e --config.cmd=stderr

# busybox:1.28: busybox's commands, as root, and an nslookup that uses the resolver's search list
# (bind9's: busybox 1.35's nslookup sends a bare name such as web-0.nginx without it).
rootfs busybox busybox-static bind9-dnsutils
image busybox docker.io/library/busybox:1.28 -- \
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --config.cmd=sh

# nginx/nginx-prometheus-exporter: Debian's build of the same exporter (0.11), as user 65534, on
# 9113; the Go flag package takes the production example's --nginx.scrape-uri=... as 1.4's does.
# 0.11 exits at once when nginx does not answer yet (a sidecar starts beside nginx): it retries
# for a minute instead.
# Its binary needs only the C library (its package's other dependencies are for its service).
ONLY=1 rootfs exporter prometheus-nginx-exporter libc6
image exporter docker.io/nginx/nginx-prometheus-exporter:1.4.2 -- \
  --config.user=65534:65534 --config.exposedports=9113/tcp --config.entrypoint=/usr/bin/prometheus-nginx-exporter \
  --config.env=NGINX_RETRIES=60 --config.env=NGINX_RETRY_INTERVAL=1s

kill "$registry"; wait "$registry" 2>/dev/null || true; registry=
rm -rf "$dir/registry" && mv "$dir/registry.partial" "$dir/registry" && rm -rf "$work"
echo "cluster images: built in $((SECONDS - start)) s" >&3
