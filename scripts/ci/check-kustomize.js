#!/usr/bin/env node
// CI: `kubectl kustomize <folder>` (default dist/) must yield the same objects, in the same order,
// as the manifest files that the folder's Kustomization lists, which is what Argo CD and Flux
// apply. The kubectl is the cluster's (.cluster/bin/kubectl while `npm run cluster:up` runs, else
// the one `npm run cluster:up` built, in the cluster cache), else the one on PATH; the check is
// skipped, with a message, when there is none.
const { execFileSync } = require('child_process');
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { parse, parseAllDocuments } = require('yaml');

const root = path.join(__dirname, '..', '..');
const folder = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
// ManifestApp.KUSTOMIZATION_FILE (lib/synth/manifest-app.ts).
const KUSTOMIZATION_FILE = 'Kustomization';

/** The kubectl to use and where it comes from, or undefined when there is none. */
function findKubectl() {
  const running = path.join(root, '.cluster', 'bin', 'kubectl');
  if (fs.existsSync(running)) return { command: running, source: "the running cluster's kubectl" };
  const versions = path.join(root, 'scripts', 'cluster', 'versions.sh');
  const built = execFileSync('bash', ['-c', `. "${versions}"; echo "$CLUSTER_CACHE/kubernetes-$KUBERNETES_VERSION/bin/kubectl"`], {
    encoding: 'utf-8',
  }).trim();
  if (fs.existsSync(built)) return { command: built, source: 'the kubectl that npm run cluster:up built' };
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return { command: 'kubectl', source: 'kubectl on PATH' };
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

const kubectl = findKubectl();
if (!kubectl) {
  console.log('kubectl is not installed and no cluster kubectl is built: skipping the kustomize check.');
  process.exit(0);
}
const built = execFileSync(kubectl.command, ['kustomize', folder], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] });

const { resources } = parse(fs.readFileSync(path.join(folder, KUSTOMIZATION_FILE), 'utf-8'));
const expected = resources.flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf-8')).map((doc) => doc.toJS()));
const actual = parseAllDocuments(built).map((doc) => doc.toJS());
const names = (objects) => objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');

assert.deepStrictEqual(names(actual), names(expected), 'kubectl kustomize yields the objects in another order');
assert.deepStrictEqual(actual, expected, 'kubectl kustomize yields objects that differ from the files');
console.log(
  `kubectl kustomize ${path.relative(process.cwd(), folder) || '.'} (${kubectl.source}): ` +
    `the same ${actual.length} objects, in the same order (${names(actual)}).`,
);
