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
  assert.deepStrictEqual(
    kustomization.resources,
    fs
      .readdirSync(dist)
      .filter((f) => f !== 'Kustomization')
      .sort(),
  );
  const objects = kustomization.resources.flatMap((f) =>
    parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf-8')).map((d) => d.toJS()),
  );
  const find = (kind, namespace, predicate = () => true) => {
    const matches = objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace && predicate(o));
    assert.strictEqual(matches.length, 1, `expected one ${kind} in ${namespace}, found ${matches.length}`);
    return matches[0];
  };

  const web = find('StatefulSet', 'shop');
  const blog = find('StatefulSet', 'blog');
  // In apply order: by kind, then by namespace and name (lib/synth/apply-order.ts).
  assert.deepStrictEqual(
    objects.filter((o) => o.kind === 'StatefulSet').map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
    ['blog/blog', 'shop/web'],
  );
  for (const o of objects)
    assert.ok(['shop', 'blog'].includes(o.metadata.namespace), `${o.kind}/${o.metadata.name} has namespace ${o.metadata.namespace}`);

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
  assert.deepStrictEqual(policy.spec.ingress, [
    {
      from: [
        {
          podSelector: { matchLabels: web.spec.selector.matchLabels },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
        },
      ],
      ports: [{ port: blog.spec.template.spec.containers[0].ports[0].containerPort, protocol: 'TCP' }],
    },
  ]);
  assert.notDeepStrictEqual(web.spec.selector.matchLabels, blog.spec.selector.matchLabels);
  return objects;
}

/**
 * The upgrade guard in a project shaped exactly as `cdk8s init typescript-app` leaves it (its
 * .gitignore, which ignores dist/; its cdk8s.yaml, which runs `npx ts-node main.ts`; its
 * tsconfig.json), in a git repository with no commits: the first synth says it had no baseline
 * and writes the lock file; a storage change is then refused against the lock file, by
 * `npx ts-node main.ts` and by `npx cdk8s synth` (which deletes dist/ first), with the message,
 * exit code 1, and no stack trace; the opt-out lets it through.
 */
function initProjectGuard(installed) {
  step('the upgrade guard in a `cdk8s init typescript-app` project (dist/ ignored, git with no commits, the lock file)');
  const templates = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [root] })), 'templates', 'typescript-app');
  const app = path.join(work, 'init-app');
  fs.mkdirSync(app);
  fs.copyFileSync(path.join(templates, '{{}}.gitignore'), path.join(app, '.gitignore'));
  for (const file of ['cdk8s.yaml', 'tsconfig.json']) fs.copyFileSync(path.join(templates, file), path.join(app, file));
  assert.match(fs.readFileSync(path.join(app, '.gitignore'), 'utf-8'), /^dist\/$/m);
  assert.match(fs.readFileSync(path.join(app, 'cdk8s.yaml'), 'utf-8'), /^app: npx ts-node main\.ts$/m);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'init-app', version: '1.0.0', private: true }, null, 2));
  fs.symlinkSync(path.join(installed, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  const mainTs = (storage) =>
    [
      "import { Construct } from 'constructs';",
      "import { Chart, ChartProps, Size } from 'cdk8s';",
      "import { ManifestApp, StatefulWeb } from 'cdk8s-stateful-web';",
      '',
      'export class MyChart extends Chart {',
      '  constructor(scope: Construct, id: string, props: ChartProps = { }) {',
      '    super(scope, id, props);',
      `    new StatefulWeb(this, 'web', { image: 'bitnami/nginx', replicas: 2, storage: Size.gibibytes(${storage}) });`,
      '  }',
      '}',
      '',
      'const app = new ManifestApp();',
      "new MyChart(app, 'init-app');",
      'app.synth();',
      '',
    ].join('\n');
  fs.writeFileSync(path.join(app, 'main.ts'), mainTs(10));
  run('git', ['init', '-q'], app);

  const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  for (const name of ['STATEFUL_WEB_ALLOW_BREAKING_CHANGES', 'CDK8S_OUTDIR', 'STATEFUL_WEB_GUARD_CLUSTER']) delete env[name];
  const cmd = (args, extraEnv = {}) => spawnSync('npx', args, { cwd: app, env: { ...env, ...extraEnv }, encoding: 'utf-8' });
  const dist = path.join(app, 'dist');
  const lock = path.join(app, 'stateful-web.lock.json');
  const webFile = () => fs.readdirSync(dist).find((f) => /StatefulSet\.init-app-web-/.test(f) || /StatefulSet\./.test(f));
  // cdk8s-cli reports an app's non-zero exit with an error of its own, and its stack (frames of
  // cdk8s-cli and Node alone): nothing the app can change. Checked apart from what the app printed.
  const cliReport = /^Error: command "npx ts-node main\.ts ?" at .* returned a non-zero exit code 1\n((?:\s+at .*\n?)*)$/m;
  const noCrash = (result, what) => {
    const cli = cliReport.exec(result.stderr);
    if (cli) {
      for (const frame of cli[1].split('\n').filter(Boolean))
        assert.match(frame, /cdk8s-cli\/lib\/|node:(events|internal)/, `${what}: ${frame}`);
    }
    const stderr = cli ? result.stderr.slice(0, cli.index) : result.stderr;
    assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, `${what} printed a stack trace:\n${result.stderr}`);
    assert.doesNotMatch(
      stderr,
      /written: false|changes: \[|BreakingChangesRefused \{/,
      `${what} printed the error object:\n${result.stderr}`,
    );
  };

  const first = cmd(['cdk8s', 'synth']);
  assert.strictEqual(first.status, 0, first.stderr);
  assert.match(
    first.stderr,
    /^upgrade guard: no baseline \(.*\): this synth was not checked\. To guard the next synth, commit stateful-web\.lock\.json, which this synth wrote\.$/m,
  );
  assert.strictEqual(first.stderr.split('\n').filter((l) => l.startsWith('upgrade guard:')).length, 1);
  assert.match(fs.readFileSync(path.join(dist, webFile()), 'utf-8'), /storage: 10Gi/);
  const lockBefore = fs.readFileSync(lock, 'utf-8');
  assert.match(lockBefore, /"storage": "10Gi"/);
  assert.match(
    run('git', ['status', '--porcelain', '--untracked-files=all'], app),
    /stateful-web\.lock\.json/,
    'the lock file is not ignored',
  );

  const again = cmd(['cdk8s', 'synth']);
  assert.strictEqual(again.status, 0, again.stderr);
  assert.match(
    again.stderr,
    /^upgrade guard: compared with stateful-web\.lock\.json \(the lock file; dist\/ held no output\): no breaking change\.$/m,
  );

  fs.writeFileSync(path.join(app, 'main.ts'), mainTs(20));
  const snapshot = () =>
    fs
      .readdirSync(dist)
      .sort()
      .map((f) => `${f}\n${fs.readFileSync(path.join(dist, f), 'utf-8')}`)
      .join('\n');
  const distBefore = snapshot();
  const tsNode = cmd(['ts-node', 'main.ts']);
  assert.strictEqual(tsNode.status, 1, `npx ts-node main.ts exited ${tsNode.status}:\n${tsNode.stderr}`);
  assert.match(tsNode.stderr, /^synth refused: 1 breaking change to a StatefulSet, compared with dist\/ \(the output already there\):$/m);
  assert.match(tsNode.stderr, /spec\.volumeClaimTemplates\[data\]\.spec\.resources\.requests\.storage changes from "10Gi" to "20Gi"/);
  assert.match(tsNode.stderr, /STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true npx cdk8s synth/);
  noCrash(tsNode, 'npx ts-node main.ts');
  assert.strictEqual(snapshot(), distBefore, 'a refused synth changed dist/');

  const cli = cmd(['cdk8s', 'synth']);
  assert.notStrictEqual(cli.status, 0, `npx cdk8s synth exited 0:\n${cli.stderr}`);
  assert.match(
    cli.stderr,
    /^synth refused: 1 breaking change to a StatefulSet, compared with stateful-web\.lock\.json \(the lock file; dist\/ held no output\):$/m,
  );
  assert.match(cli.stderr, /storage changes from "10Gi" to "20Gi"/);
  noCrash(cli, 'npx cdk8s synth');
  assert.strictEqual(fs.readFileSync(lock, 'utf-8'), lockBefore, 'a refused synth changed the lock file');
  assert(!fs.existsSync(dist) || !fs.readdirSync(dist).some((f) => f.endsWith('.k8s.yaml')), 'a refused synth wrote manifests');

  const helm = cmd(['cdk8s', 'synth', '--format', 'helm', '--chart-version', '1.0.0']);
  assert.notStrictEqual(helm.status, 0, `npx cdk8s synth --format helm exited 0:\n${helm.stderr}`);
  assert.match(helm.stderr, /^synth refused: 1 breaking change to a StatefulSet, compared with stateful-web\.lock\.json/m);
  noCrash(helm, 'npx cdk8s synth --format helm');
  assert.strictEqual(fs.readFileSync(lock, 'utf-8'), lockBefore, 'a refused helm synth changed the lock file');

  const allowed = cmd(['cdk8s', 'synth'], { STATEFUL_WEB_ALLOW_BREAKING_CHANGES: 'true' });
  assert.strictEqual(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stderr, /synth: writing 1 breaking change, as allowed \(compared with stateful-web\.lock\.json/);
  assert.match(fs.readFileSync(path.join(dist, webFile()), 'utf-8'), /storage: 20Gi/);
  assert.match(fs.readFileSync(lock, 'utf-8'), /"storage": "20Gi"/);
  step(
    'init-shaped project: ok: first synth "no baseline" and the lock file; 10Gi -> 20Gi refused by ts-node (dist/ kept), cdk8s synth and --format helm (lock kept), no stack trace; allowed with the variable',
  );
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-consumer-'));
try {
  step(`npm pack (${pkg.name}@${pkg.version})`);
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root));
  const files = packed.files.map((f) => f.path);
  for (const required of [
    'build/lib/index.js',
    'build/lib/index.d.ts',
    'build/lib/stateful-web.d.ts',
    'build/imports/k8s.js',
    'build/imports/k8s.d.ts',
    'README.md',
    'LICENSE',
    'API.md',
    'CHANGELOG.md',
    'package.json',
  ]) {
    assert(files.includes(required), `the package lacks ${required}`);
  }
  const unexpected = files.filter(
    (f) => !/^(build\/(lib|imports)\/.*\.(js|d\.ts)|README\.md|LICENSE|API\.md|CHANGELOG\.md|package\.json)$/.test(f),
  );
  assert.deepStrictEqual(unexpected, [], 'the package holds files other than the compiled library and its documents');
  assert(
    !files.some((f) => /\.test\.|^dist\/|__snapshots__|^main\.|^test\//.test(f)),
    'the package holds the app, tests, dist/ or snapshots',
  );
  console.log(`   ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed`);

  const project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }, null, 2));
  const peers = PEERS.map((name) => `${name}@${peerVersion(name)}`);
  const lines = OTHER_LINES.map((name) => `${name}@${pkg.devDependencies[name]}`);
  step(`npm install the tarball, ${peers.join(', ')}${lowest ? ' (lowest of the peer ranges)' : ''}, ${lines.join(', ')}`);
  // ts-node, typescript and cdk8s-cli: what `cdk8s init typescript-app` installs, for the project shaped as it leaves it (below).
  const tools = ['ts-node', 'typescript', 'cdk8s-cli'].map((name) => `${name}@${pkg.devDependencies[name]}`);
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--save-exact',
      path.join(work, packed.filename),
      ...peers,
      ...lines,
      ...tools,
    ],
    project,
  );

  // The copies the app loads: cdk8s-cli's own (it needs newer cdk8s and constructs than the lowest
  // peers) are the CLI's, which runs the app in a process of its own and shares no construct with it.
  const cliModules = path.join('node_modules', 'cdk8s-cli') + path.sep;
  const appCopiesOf = (name) => copiesOf(project, name).filter((c) => !path.relative(project, c).startsWith(cliModules));
  const constructsCopies = appCopiesOf('constructs');
  assert.deepStrictEqual(
    constructsCopies.map((c) => path.relative(project, c)),
    [path.join('node_modules', 'constructs')],
    'the consumer must have exactly one copy of constructs, or `instanceof Construct` breaks',
  );
  for (const name of PEERS) {
    const installed = require(path.join(project, 'node_modules', name, 'package.json')).version;
    assert.strictEqual(installed, peerVersion(name), `${name} installed at ${installed}`);
    assert.strictEqual(appCopiesOf(name).length, 1, `more than one copy of ${name}`);
  }

  step('the library loads without loading cdk8s-plus-28 (it is loaded on first use)');
  const loaded = run(
    'node',
    [
      '-e',
      `require('${pkg.name}');
    console.log(Object.keys(require.cache).some((f) => f.includes('/cdk8s-plus-28/')))`,
    ],
    project,
  ).trim();
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
    fs.writeFileSync(
      path.join(project, tsconfig),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: [], skipLibCheck: false, outDir: 'out' },
        files: [file],
      }),
    );
    run('node', [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', tsconfig], project);
    // Run in a folder of its own (the chart writes dist/ there), and list the cdk8s-plus lines it loaded.
    const folder = path.join(project, `run-${line}`);
    fs.mkdirSync(folder);
    const loaded = JSON.parse(
      run(
        'node',
        [
          '-e',
          `
      require(${JSON.stringify(path.join(project, 'out', file.replace(/\.ts$/, '.js')))});
      const lines = new Set(Object.keys(require.cache).map((f) => /node_modules\\/(cdk8s-plus-\\d+)\\//.exec(f)?.[1]).filter(Boolean));
      console.log(JSON.stringify([...lines]));`,
        ],
        folder,
      ),
    );
    assert.deepStrictEqual(loaded, [line], `the chart on ${line} loaded ${loaded.join(', ')}`);
    const objects = checkObjects(path.join(folder, 'dist'));
    step(
      `${line}: ok: ${objects.length} objects (${objects.map((o) => `${o.metadata.namespace}/${o.kind}/${o.metadata.name}`).join(', ')}), only ${line} loaded`,
    );
  }

  step('the upgrade guard: a changed serviceName is refused and dist/ left as it was; allowed, it is written');
  const folder = path.join(project, 'run-cdk8s-plus-28');
  const dist = path.join(folder, 'dist');
  const chartJs = path.join(project, 'out', 'chart.js');
  const snapshotOf = (dir) =>
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf-8')}`)
      .join('\n');
  const before = snapshotOf(dist);
  const env = { ...process.env, CONSUMER_SERVICE_NAME: 'web-peers' };
  delete env.STATEFUL_WEB_ALLOW_BREAKING_CHANGES;
  const refused = spawnSync('node', [chartJs], { cwd: folder, env, encoding: 'utf-8' });
  assert.strictEqual(refused.status, 1, `the changed app exited ${refused.status}:\n${refused.stderr}`);
  assert.match(
    refused.stderr,
    /synth refused: 1 breaking change to a StatefulSet[\s\S]*StatefulSet shop\/web: spec\.serviceName changes from "web-headless" to "web-peers"/,
  );
  assert.strictEqual(snapshotOf(dist), before, 'a refused synth changed dist/');
  const allowed = spawnSync('node', [chartJs], {
    cwd: folder,
    env: { ...env, STATEFUL_WEB_ALLOW_BREAKING_CHANGES: 'true' },
    encoding: 'utf-8',
  });
  assert.strictEqual(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stderr, /synth: writing 1 breaking change, as allowed/);
  const webFile = fs.readdirSync(dist).find((f) => /^\d+-\d+-StatefulSet\.shop\.web\.k8s\.yaml$/.test(f));
  assert.match(fs.readFileSync(path.join(dist, webFile), 'utf-8'), /serviceName: web-peers/);

  initProjectGuard(project);
} catch (error) {
  // A failed command: its output says why (the message repeats stderr).
  console.error(error.stderr !== undefined ? `${error.stdout ?? ''}${error.stderr}` : error);
  process.exitCode = 1;
} finally {
  if (process.env.CONSUMER_KEEP) console.log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
