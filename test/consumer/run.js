#!/usr/bin/env node
// `npm run test:consumer`: the library as another project gets it from npm.
//
// Packs the library (`npm pack`, which builds it), checks what the tarball holds, installs it
// into a fresh temporary cdk8s project beside cdk8s, constructs and cdk8s-plus-28 (the versions
// of this repo's lockfile, or with CONSUMER_PEERS=lowest the lowest versions of the peer
// ranges) and the other cdk8s-plus lines the interop supports (OTHER_LINES), compiles chart.ts
// there against the packed .d.ts files, runs it, and checks the synthesized objects; then the
// same for chart-line.ts on each other line, compiled against that line alone, run in a process
// of its own that must load no other line. Takes 20 to 40 seconds; CI runs it, `npm test` does not.
const assert = require('assert');
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parse, parseAllDocuments } = require('yaml');

const root = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(root, 'package.json'));
const PEERS = Object.keys(pkg.peerDependencies);
/** The cdk8s-plus lines other than cdk8s-plus-28 that the interop supports (README), at the versions of the lockfile. */
const OTHER_LINES = ['cdk8s-plus-31', 'cdk8s-plus-32', 'cdk8s-plus-33', 'cdk8s-plus-34'];
const lowest = process.env.CONSUMER_PEERS === 'lowest';

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function step(message) {
  console.log(`== consumer: ${message}`);
}

/** The version of `name` to install: the lowest of its peer range (`^x.y.z`), or the dev pin. */
function peerVersion(name) {
  const range = pkg.peerDependencies[name];
  if (!lowest) return pkg.devDependencies[name];
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  assert(match, `peer range of ${name} (${range}) is not ^x.y.z: teach run.js its lowest version`);
  return match[1];
}

/** Every installed copy of package `name` under `dir`/node_modules, nested ones included. */
function copiesOf(dir, name) {
  const found = [];
  const walk = (modules) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const names = entry.startsWith('@') ? fs.readdirSync(path.join(modules, entry)).map((e) => `${entry}/${e}`) : [entry];
      for (const n of names) {
        if (n === name) found.push(path.join(modules, n));
        walk(path.join(modules, n, 'node_modules'));
      }
    }
  };
  walk(path.join(dir, 'node_modules'));
  return found;
}

/** Checks the objects that a chart synthesized into `dist` (with its Kustomization), and returns them. */
function checkObjects(dist) {
  const kustomization = parse(fs.readFileSync(path.join(dist, 'Kustomization'), 'utf-8'));
  assert.deepStrictEqual(kustomization.resources, fs.readdirSync(dist).filter((f) => f !== 'Kustomization').sort());
  const objects = kustomization.resources.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf-8')).map((d) => d.toJS()));
  const find = (kind, namespace, predicate = () => true) => {
    const matches = objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace && predicate(o));
    assert.strictEqual(matches.length, 1, `expected one ${kind} in ${namespace}, found ${matches.length}`);
    return matches[0];
  };

  const web = find('StatefulSet', 'shop');
  const blog = find('StatefulSet', 'blog');
  // In apply order: by kind, then by namespace and name (lib/synth/apply-order.ts).
  assert.deepStrictEqual(objects.filter((o) => o.kind === 'StatefulSet').map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ['blog/blog', 'shop/web']);
  for (const o of objects) assert.ok(['shop', 'blog'].includes(o.metadata.namespace), `${o.kind}/${o.metadata.name} has namespace ${o.metadata.namespace}`);

  // The Ingress routes to the shop's client Service, on the port its pods listen on.
  const ingress = find('Ingress', 'shop');
  const backend = ingress.spec.rules[0].http.paths[0].backend.service;
  const service = find('Service', 'shop', (s) => s.metadata.name === backend.name);
  assert.strictEqual(service.spec.clusterIP, undefined, 'the Ingress should route to the client Service, not the headless one');
  assert.deepStrictEqual(service.spec.selector, web.spec.selector.matchLabels);
  assert.strictEqual(backend.port.number, web.spec.template.spec.containers[0].ports[0].containerPort);
  assert.ok(service.spec.ports.some((p) => p.port === backend.port.number));

  // The NetworkPolicy selects the blog's pods and admits the shop's pods, from their namespace, on the blog's port.
  const policy = find('NetworkPolicy', 'blog');
  assert.deepStrictEqual(policy.spec.podSelector, { matchLabels: blog.spec.selector.matchLabels });
  assert.deepStrictEqual(policy.spec.ingress, [{
    from: [{ podSelector: { matchLabels: web.spec.selector.matchLabels }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
    ports: [{ port: blog.spec.template.spec.containers[0].ports[0].containerPort, protocol: 'TCP' }],
  }]);
  assert.notDeepStrictEqual(web.spec.selector.matchLabels, blog.spec.selector.matchLabels);
  return objects;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-consumer-'));
try {
  step(`npm pack (${pkg.name}@${pkg.version})`);
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root));
  const files = packed.files.map((f) => f.path);
  for (const required of ['build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/stateful-web.d.ts', 'build/imports/k8s.js',
    'build/imports/k8s.d.ts', 'README.md', 'LICENSE', 'API.md', 'CHANGELOG.md', 'package.json']) {
    assert(files.includes(required), `the package lacks ${required}`);
  }
  const unexpected = files.filter((f) => !/^(build\/(lib|imports)\/.*\.(js|d\.ts)|README\.md|LICENSE|API\.md|CHANGELOG\.md|package\.json)$/.test(f));
  assert.deepStrictEqual(unexpected, [], 'the package holds files other than the compiled library and its documents');
  assert(!files.some((f) => /\.test\.|^dist\/|__snapshots__|^main\.|^test\//.test(f)), 'the package holds the app, tests, dist/ or snapshots');
  console.log(`   ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed`);

  const project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }, null, 2));
  const peers = PEERS.map((name) => `${name}@${peerVersion(name)}`);
  const lines = OTHER_LINES.map((name) => `${name}@${pkg.devDependencies[name]}`);
  step(`npm install the tarball, ${peers.join(', ')}${lowest ? ' (lowest of the peer ranges)' : ''}, ${lines.join(', ')}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-exact', path.join(work, packed.filename), ...peers, ...lines], project);

  const constructsCopies = copiesOf(project, 'constructs');
  assert.deepStrictEqual(constructsCopies.map((c) => path.relative(project, c)), [path.join('node_modules', 'constructs')],
    'the consumer must have exactly one copy of constructs, or `instanceof Construct` breaks');
  for (const name of PEERS) {
    const installed = require(path.join(project, 'node_modules', name, 'package.json')).version;
    assert.strictEqual(installed, peerVersion(name), `${name} installed at ${installed}`);
    assert.strictEqual(copiesOf(project, name).length, 1, `more than one copy of ${name}`);
  }

  step('the library loads without loading cdk8s-plus-28 (it is loaded on first use)');
  const loaded = run('node', ['-e', `require('${pkg.name}');
    console.log(Object.keys(require.cache).some((f) => f.includes('/cdk8s-plus-28/')))`], project).trim();
  assert.strictEqual(loaded, 'false', 'requiring the library loaded cdk8s-plus-28');

  // One chart per line: chart.ts (cdk8s-plus-28, through the StatefulWeb methods), and a copy of
  // chart-line.ts per other line (through 'cdk8s-stateful-web/cdk8s-plus').
  const charts = [['cdk8s-plus-28', 'chart.ts', fs.readFileSync(path.join(__dirname, 'chart.ts'), 'utf-8')]];
  const template = fs.readFileSync(path.join(__dirname, 'chart-line.ts'), 'utf-8');
  assert(template.includes("from 'cdk8s-plus-33'"), "chart-line.ts must import 'cdk8s-plus-33', which run.js replaces by each line");
  for (const line of OTHER_LINES) charts.push([line, `chart-${line}.ts`, template.replaceAll("'cdk8s-plus-33'", `'${line}'`)]);

  for (const [line, file, source] of charts) {
    step(`${line}: compile ${file} against the packed declarations (tsc) and synthesize`);
    fs.writeFileSync(path.join(project, file), source);
    // A tsconfig per chart: the chart alone, so that it is type-checked against its line only.
    const tsconfig = `tsconfig-${line}.json`;
    fs.writeFileSync(path.join(project, tsconfig), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [], skipLibCheck: false, outDir: 'out' },
      files: [file],
    }));
    run('node', [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', tsconfig], project);
    // Run in a folder of its own (the chart writes dist/ there), and list the cdk8s-plus lines it loaded.
    const folder = path.join(project, `run-${line}`);
    fs.mkdirSync(folder);
    const loaded = JSON.parse(run('node', ['-e', `
      require(${JSON.stringify(path.join(project, 'out', file.replace(/\.ts$/, '.js')))});
      const lines = new Set(Object.keys(require.cache).map((f) => /node_modules\\/(cdk8s-plus-\\d+)\\//.exec(f)?.[1]).filter(Boolean));
      console.log(JSON.stringify([...lines]));`], folder));
    assert.deepStrictEqual(loaded, [line], `the chart on ${line} loaded ${loaded.join(', ')}`);
    const objects = checkObjects(path.join(folder, 'dist'));
    step(`${line}: ok: ${objects.length} objects (${objects.map((o) => `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`).join(', ')}), only ${line} loaded`);
  }

  step('the upgrade guard: a changed serviceName is refused and dist/ left as it was; allowed, it is written');
  const folder = path.join(project, 'run-cdk8s-plus-28');
  const dist = path.join(folder, 'dist');
  const chartJs = path.join(project, 'out', 'chart.js');
  const snapshotOf = (dir) => fs.readdirSync(dir).sort().map((f) => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf-8')}`).join('\n');
  const before = snapshotOf(dist);
  const env = { ...process.env, CONSUMER_SERVICE_NAME: 'web-peers' };
  delete env.STATEFUL_WEB_ALLOW_BREAKING_CHANGES;
  const refused = spawnSync('node', [chartJs], { cwd: folder, env, encoding: 'utf-8' });
  assert.strictEqual(refused.status, 1, `the changed app exited ${refused.status}:\n${refused.stderr}`);
  assert.match(refused.stderr, /synth refused: 1 breaking change to a StatefulSet[\s\S]*StatefulSet shop\/web: spec\.serviceName changes from "web-headless" to "web-peers"/);
  assert.strictEqual(snapshotOf(dist), before, 'a refused synth changed dist/');
  const allowed = spawnSync('node', [chartJs], { cwd: folder, env: { ...env, STATEFUL_WEB_ALLOW_BREAKING_CHANGES: 'true' }, encoding: 'utf-8' });
  assert.strictEqual(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stderr, /synth: writing 1 breaking change, as allowed/);
  const webFile = fs.readdirSync(dist).find((f) => /^\d+-\d+-StatefulSet\.shop\.web\.k8s\.yaml$/.test(f));
  assert.match(fs.readFileSync(path.join(dist, webFile), 'utf-8'), /serviceName: web-peers/);
} catch (error) {
  // A failed command: its output says why (the message repeats stderr).
  console.error(error.stderr !== undefined ? `${error.stdout ?? ''}${error.stderr}` : error);
  process.exitCode = 1;
} finally {
  if (process.env.CONSUMER_KEEP) console.log(`kept ${work}`); else fs.rmSync(work, { recursive: true, force: true });
}
