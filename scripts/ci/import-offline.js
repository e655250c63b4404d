#!/usr/bin/env node
// Regenerates imports/ exactly as `cdk8s import` (the `imports:` entry of cdk8s.yaml) would, on a
// machine that cannot download the Kubernetes schema: the schema file is read from disk instead.
//
//   node scripts/ci/import-offline.js <path/to/_definitions.json>
//
// cdk8s-cli's Kubernetes importer fetches
//   https://raw.githubusercontent.com/cdk8s-team/cdk8s/master/kubernetes-schemas/v<version>/_definitions.json
// through the `download` function of its util module. We replace that one function for URLs of
// that form and then run the unmodified CLI, so the generated code is byte-for-byte what the
// online command writes. Where the network allows, `npm run import` does the same online.
'use strict';
const fs = require('fs');
const path = require('path');

const [schemaFile] = process.argv.slice(2);
if (!schemaFile || !fs.existsSync(schemaFile)) {
  console.error('usage: node scripts/ci/import-offline.js <path/to/_definitions.json>');
  console.error('  (for example ../shared/k8s-schemas/v1.28.0/_definitions.json)');
  process.exit(2);
}

const cliRoot = path.dirname(require.resolve('cdk8s-cli/package.json'));
const util = require(path.join(cliRoot, 'lib', 'util.js'));
const onlineDownload = util.download;
util.download = async (url) => {
  if (/\/kubernetes-schemas\/v[^/]+\/_definitions\.json$/.test(url)) {
    console.error(`import-offline: using ${schemaFile} for ${url}`);
    return fs.readFileSync(schemaFile, 'utf-8');
  }
  return onlineDownload(url);
};

process.env.CDK8S_CHECK_UPGRADE = 'false';
// Run `cdk8s import` with the specs of cdk8s.yaml, as `npm run import` does.
process.argv = [process.argv[0], path.join(cliRoot, 'bin', 'cdk8s'), 'import'];
require(path.join(cliRoot, 'lib', 'cli'));
