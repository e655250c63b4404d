// Shared by the consumer tests of the jsii packages (test/consumers/{python,java,go}/run.js):
// building the package when it is missing or older than the library, running commands, and
// comparing a consumer's synth output with the committed dist/.
const assert = require('assert');
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { stripVTControlCharacters } = require('util');
const { parseAllDocuments } = require('yaml');

const root = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(root, 'package.json'));
const packagesDir = path.join(root, pkg.jsii.outdir);
const DIST = path.join(root, 'dist');

/** The environment of the consumers: no cdk8s upgrade check, no jsii banner about Node 20's end of life. */
const env = {
  ...process.env,
  CDK8S_CHECK_UPGRADE: 'false',
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
};

function step(lang, message) {
  console.log(`== ${lang} consumer: ${message}`);
}

/** Runs a command; on failure, throws with its output. Returns stdout. */
function run(cmd, args, options = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'], env, maxBuffer: 64 << 20, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${error.status}):\n${output}`, { cause: error });
  }
}

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((f) => newestMtime(path.join(file, f))));
}

/**
 * Returns the path of `target`'s package in build/packages, found by `find` (a file or folder
 * relative to build/packages/<target>), after running `npm run package -- --targets <target>`
 * if it is missing or older than the library or the packaging scripts.
 */
function ensurePackage(lang, target, relative) {
  const artifact = path.join(packagesDir, target, relative);
  const sources = [
    'lib',
    'imports',
    'package.json',
    'package-lock.json',
    'scripts/package/package.ts',
    'scripts/package/jsii-workspace.ts',
  ];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (!fs.existsSync(artifact) || fs.statSync(artifact).mtimeMs < newestSource) {
    step(lang, `npm run package -- --targets ${target} (the package is missing or older than the library)`);
    execFileSync('npm', ['run', 'package', '--', '--targets', target], { cwd: root, stdio: 'inherit', env });
  }
  assert(fs.existsSync(artifact), `npm run package wrote no ${path.relative(root, artifact)}`);
  return artifact;
}

/** The objects of a folder of manifests, by `<Kind>/<name>`, and its files' bytes. */
function readManifests(dir) {
  const files = fs.readdirSync(dir).sort();
  const objects = new Map();
  for (const file of files.filter((f) => f.endsWith('.k8s.yaml'))) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8'))) {
      const object = doc.toJS();
      const key = `${object.kind}/${object.metadata?.name}`;
      assert(!objects.has(key), `${dir}: ${key} twice`);
      objects.set(key, object);
    }
  }
  return { files, objects };
}

/**
 * Compares a consumer's output folder with dist/: the same objects (parsed, by kind and name),
 * the same files, and the same bytes in each. Throws on any difference; returns a summary.
 */
function compareWithDist(lang, outDir) {
  const expected = readManifests(DIST);
  const actual = readManifests(outDir);
  assert.deepStrictEqual(
    [...actual.objects.keys()].sort(),
    [...expected.objects.keys()].sort(),
    `${lang}: the objects (kind/name) differ from dist/'s`,
  );
  for (const [key, object] of expected.objects) {
    assert.deepStrictEqual(actual.objects.get(key), object, `${lang}: ${key} differs from dist/'s`);
  }
  assert.deepStrictEqual(actual.files, expected.files, `${lang}: the files differ from dist/'s`);
  for (const file of expected.files) {
    const a = fs.readFileSync(path.join(outDir, file));
    assert(a.equals(fs.readFileSync(path.join(DIST, file))), `${lang}: ${file} has the same objects as dist/'s but other bytes`);
  }
  return (
    `${expected.objects.size} objects (${[...expected.objects.keys()].join(', ')}) equal to dist/'s, ` +
    `and all ${expected.files.length} files (${expected.files.join(', ')}) byte-identical`
  );
}

/** A stack trace or crash report, as Node, Python, Java and Go print them. */
const CRASH =
  /^\s+at .+[:(]|^Traceback \(most recent call last\)|^Exception in thread|^panic: |^goroutine \d+ \[|JavaScriptError|JsiiError|RuntimeException/m;

/**
 * The upgrade guard from the consumer's language, whose app ends with ManifestApp's
 * synthAndReport(): prints the report's message on stderr and exits with its code. `runApp(extraEnv)`
 * runs the consumer's app (which writes `outDir`) with more environment and returns spawnSync's
 * result. The unchanged app says in one line on stderr what the guard compared with. A changed
 * serviceName (CONSUMER_SERVICE_NAME) must be refused: exit code 1, the message alone on stderr,
 * with no stack trace, naming the opt-out `setting` and the `method` in the language's syntax,
 * and `outDir` left as it was; then the opt-out in code (CONSUMER_ALLOW_BREAKING_CHANGES=code) and
 * the environment variable must let a change through, saying so on stderr.
 */
function checkGuard(lang, runAppAsIs, outDir, setting, method) {
  // Without the terminal's reset codes (ESC[0m), which Maven's console (jansi) writes around what
  // a program run by mvn exec:java prints on stderr: invisible in a terminal, they are not ours.
  const plain = (text) => stripVTControlCharacters(text ?? '');
  const runApp = (extraEnv) => {
    const result = runAppAsIs(extraEnv);
    return { ...result, stdout: plain(result.stdout), stderr: plain(result.stderr) };
  };
  const snapshot = () =>
    fs
      .readdirSync(outDir)
      .sort()
      .map((f) => `${f}\n${fs.readFileSync(path.join(outDir, f), 'utf-8')}`)
      .join('\n');
  const before = snapshot();
  const statefulSet = () =>
    fs.readFileSync(
      path.join(
        outDir,
        fs.readdirSync(outDir).find((f) => /StatefulSet\.web/.test(f)),
      ),
      'utf-8',
    );

  const unchanged = runApp({});
  assert.strictEqual(unchanged.status, 0, `${lang}: the unchanged app exited ${unchanged.status}:\n${unchanged.stdout}${unchanged.stderr}`);
  assert.match(
    unchanged.stderr,
    /^upgrade guard: compared with .*\(the output already there\): no breaking change\.\n$/,
    `${lang}: the unchanged synth does not say (alone, on stderr) what the guard compared with:\n${unchanged.stderr}`,
  );

  const refused = runApp({ CONSUMER_SERVICE_NAME: 'nginx-peers' });
  const said = `${refused.stdout ?? ''}${refused.stderr ?? ''}`;
  assert.strictEqual(refused.status, 1, `${lang}: the changed app exited ${refused.status}, not 1:\n${said}`);
  assert.match(
    refused.stderr,
    /^synth refused: 1 breaking change to a StatefulSet, compared with .*\(the output already there\):\n/,
    `${lang}: stderr does not begin with the refusal:\n${said}`,
  );
  assert.match(refused.stderr, /StatefulSet web: spec\.serviceName changes from "nginx" to "nginx-peers"\./, `${lang}:\n${said}`);
  assert(
    refused.stderr.endsWith(`or ManifestApp's allowBreakingChanges in code (\`${setting}\` before \`app.${method}()\`).\n`),
    `${lang}: the refusal does not end naming ${setting} before app.${method}():\n${said}`,
  );
  assert(
    said.includes('STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true cdk8s synth'),
    `${lang}: the refusal does not name the variable:\n${said}`,
  );
  assert.doesNotMatch(said, CRASH, `${lang}: the refusal printed a stack trace:\n${said}`);
  assert.doesNotMatch(said, /written: false|changes: \[/, `${lang}: the refusal dumps the error object:\n${said}`);
  assert.strictEqual(snapshot(), before, `${lang}: a refused synth changed ${outDir}`);

  const byCode = runApp({ CONSUMER_SERVICE_NAME: 'nginx-peers', CONSUMER_ALLOW_BREAKING_CHANGES: 'code' });
  assert.strictEqual(byCode.status, 0, `${lang}: allowed in code, the app exited ${byCode.status}:\n${byCode.stdout}${byCode.stderr}`);
  assert.match(`${byCode.stderr}`, /^synth: writing 1 breaking change, as allowed/, `${lang}:\n${byCode.stderr}`);
  assert.match(statefulSet(), /serviceName: nginx-peers/);

  const byEnv = runApp({ STATEFUL_WEB_ALLOW_BREAKING_CHANGES: 'true' });
  assert.strictEqual(byEnv.status, 0, `${lang}: allowed by the variable, the app exited ${byEnv.status}:\n${byEnv.stdout}${byEnv.stderr}`);
  assert.match(`${byEnv.stderr}`, /^synth: writing 1 breaking change, as allowed/, `${lang}:\n${byEnv.stderr}`);
  // The change back, to serviceName nginx, let through by the variable.
  assert.match(statefulSet(), /serviceName: nginx\n/);
  const firstLine = said.split('\n').find((l) => l.includes('synth refused')) ?? '';
  return (
    `the guard says what it compared with; refuses a serviceName change with exit code 1 and its message alone ` +
    `(${firstLine.trim().slice(0, 60)}...), naming \`${setting}\` before \`app.${method}()\`; both opt-outs let it through, saying so`
  );
}

/** Runs a command with the consumers' environment and more, never throwing: spawnSync's result. */
function runWith(cmd, args, extraEnv, options = {}) {
  const childEnv = { ...env, ...extraEnv };
  if (!('STATEFUL_WEB_ALLOW_BREAKING_CHANGES' in extraEnv)) delete childEnv.STATEFUL_WEB_ALLOW_BREAKING_CHANGES;
  return spawnSync(cmd, args, { encoding: 'utf-8', env: childEnv, maxBuffer: 64 << 20, ...options });
}

/** Runs `body` (given a start time), prints the pass line or the error, and sets the exit code. */
function main(lang, body) {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    const summary = body();
    console.log(`PASS ${lang} consumer: ${summary} (${seconds()} s)`);
  } catch (error) {
    console.error(`FAIL ${lang} consumer (${seconds()} s): ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}

module.exports = { root, pkg, packagesDir, env, step, run, runWith, ensurePackage, compareWithDist, checkGuard, main };
