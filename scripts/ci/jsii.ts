// `npm run jsii`: compiles the library with the jsii compiler, which enforces the rules that let
// it be published for Python, Java, Go and .NET later (no unions, no `any` in the public API,
// readonly structs, enums...), and writes API.md with jsii-docgen from the assembly.
// `npm run jsii -- --check` (CI) writes nothing, and fails if API.md differs from a fresh one.
//
// jsii needs a package.json with a "jsii" section and writes its own tsconfig.json in the package
// folder, so it runs on a copy of lib/ and imports/ in a temporary folder, which keeps this
// repository's package.json and tsconfig.json as they are.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const check = process.argv.includes('--check');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const API_MD = path.join(root, 'API.md');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-jsii-'));
try {
  for (const dir of ['lib', 'imports']) fs.cpSync(path.join(root, dir), path.join(work, dir), { recursive: true });
  for (const file of ['README.md', 'LICENSE']) fs.copyFileSync(path.join(root, file), path.join(work, file));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  const peers = Object.keys(pkg.peerDependencies);
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    // jsii requires an author and a repository; set the real ones before publishing to other languages.
    author: { name: 'cdk8s-stateful-web authors', organization: false },
    repository: { type: 'git', url: 'https://example.invalid/cdk8s-stateful-web.git' },
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    peerDependencies: pkg.peerDependencies,
    devDependencies: Object.fromEntries(peers.map((name) => [name, pkg.devDependencies[name]])),
    jsii: { outdir: 'jsii-dist', targets: {}, tsc: { outDir: '.', rootDir: '.' } },
  }, null, 2));

  // jsii's banner about Node 20's end of life says nothing about the library: one line instead.
  const nodeMajor = process.versions.node.split('.')[0];
  const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: nodeMajor, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' };
  console.log(`== jsii: compile the public API with jsii (on Node ${process.versions.node})`);
  execFileSync(bin('jsii'), [
    '--fail-on-warnings',
    // Names that are reserved words in some target language only warn there.
    '--silence-warnings=reserved-word',
    // jsii wants the devDependencies pinned at the lowest peer versions; ours pin the versions of
    // the lockfile, and the consumer test (CONSUMER_PEERS=lowest) covers the lowest ones.
    '--silence-warnings=metadata/missing-dev-dependency',
  ], { cwd: work, stdio: 'inherit', env });

  console.log('== jsii: API.md from the assembly (jsii-docgen)');
  execFileSync(bin('jsii-docgen'), ['-l', 'typescript', '-o', 'API.md'], { cwd: work, stdio: 'inherit', env });
  const fresh = fs.readFileSync(path.join(work, 'API.md'), 'utf-8');
  if (!check) {
    fs.writeFileSync(API_MD, fresh);
    console.log('wrote API.md');
  } else if (!fs.existsSync(API_MD) || fs.readFileSync(API_MD, 'utf-8') !== fresh) {
    console.error('API.md is not the API reference of the code: run `npm run jsii` and commit API.md.');
    process.exitCode = 1;
  } else {
    console.log('API.md matches the code.');
  }
} catch (error) {
  // jsii and jsii-docgen have printed their errors already (stdio: 'inherit').
  console.error(error instanceof Error ? error.message.split('\n')[0] : error);
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
