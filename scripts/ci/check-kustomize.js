#!/usr/bin/env node
// CI: `kubectl kustomize <folder>` (default dist/) must yield the same objects, in the same order,
// as the manifest files that the folder's kustomization.yaml lists, which is what Argo CD and Flux
// apply. Skipped, with a message, when kubectl is not installed.
const { execFileSync } = require('child_process');
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { parse, parseAllDocuments } = require('yaml');

const folder = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'dist'));

let built;
try {
  built = execFileSync('kubectl', ['kustomize', folder], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] });
} catch (error) {
  if (error.code === 'ENOENT') {
    console.log('kubectl is not installed: skipping the kustomize check.');
    process.exit(0);
  }
  throw error;
}

const { resources } = parse(fs.readFileSync(path.join(folder, 'kustomization.yaml'), 'utf-8'));
const expected = resources.flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf-8')).map((doc) => doc.toJS()));
const actual = parseAllDocuments(built).map((doc) => doc.toJS());
const names = (objects) => objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');

assert.deepStrictEqual(names(actual), names(expected), 'kubectl kustomize yields the objects in another order');
assert.deepStrictEqual(actual, expected, 'kubectl kustomize yields objects that differ from the files');
console.log(`kubectl kustomize ${path.relative(process.cwd(), folder) || '.'}: the same ${actual.length} objects, in the same order (${names(actual)}).`);
