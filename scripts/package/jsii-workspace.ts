// The jsii compile shared by `npm run jsii` (API.md) and `npm run package` (the packages for
// Python, Java and Go).
//
// jsii needs a package.json with a "jsii" section and writes its own tsconfig.json in the package
// folder, so it runs on a copy of lib/ and imports/ in a temporary folder, which keeps this
// repository's package.json and tsconfig.json as they are. The package metadata (author,
// repository, the jsii targets) comes from this repository's package.json.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const root = path.resolve(__dirname, '..', '..');
/** The fields of this repository's package.json that the jsii workspace and the packaging read. */
export interface PackageJson {
  name: string;
  version: string;
  description: string;
  license: string;
  author: unknown;
  repository: unknown;
  peerDependencies: { [name: string]: string };
  devDependencies: { [name: string]: string };
  jsii: {
    outdir: string;
    targets: { [language: string]: unknown; java: { maven: { artifactId: string } }; go: { packageName: string } };
  };
}

export const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')) as PackageJson;
export const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

/** The environment for jsii tools: their banner about Node 20's end of life says nothing about the library. */
export function jsiiEnv(): NodeJS.ProcessEnv {
  const nodeMajor = process.versions.node.split('.')[0];
  return { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: nodeMajor, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' };
}

/**
 * Copies the library into a fresh temporary folder with a jsii package.json, compiles it with
 * jsii there (`.jsii` assembly and JavaScript beside the sources), and returns the folder.
 * The caller removes it.
 */
export function compileWithJsii(): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-jsii-'));
  for (const dir of ['lib', 'imports']) fs.cpSync(path.join(root, dir), path.join(work, dir), { recursive: true });
  for (const file of ['README.md', 'LICENSE']) fs.copyFileSync(path.join(root, file), path.join(work, file));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  const peers = Object.keys(pkg.peerDependencies);
  fs.writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify(
      {
        name: pkg.name,
        version: pkg.version,
        description: pkg.description,
        license: pkg.license,
        author: pkg.author,
        repository: pkg.repository,
        main: 'lib/index.js',
        types: 'lib/index.d.ts',
        // What the npm package of the jsii build (build/packages/js, embedded in the Python, Java
        // and Go packages) holds: the compiled library and its assembly, not the TypeScript sources.
        files: ['lib/**/*.js', 'lib/**/*.d.ts', 'imports/**/*.js', 'imports/**/*.d.ts', '.jsii', 'README.md', 'LICENSE'],
        peerDependencies: pkg.peerDependencies,
        devDependencies: Object.fromEntries(peers.map((name) => [name, pkg.devDependencies[name]])),
        jsii: { outdir: 'jsii-dist', targets: pkg.jsii.targets, tsc: { outDir: '.', rootDir: '.' } },
      },
      null,
      2,
    ),
  );

  console.log(`== jsii: compile the public API with jsii (on Node ${process.versions.node})`);
  execFileSync(
    bin('jsii'),
    [
      '--fail-on-warnings',
      // Names that are reserved words in some target language only warn there.
      '--silence-warnings=reserved-word',
      // jsii wants the devDependencies pinned at the lowest peer versions; ours pin the versions of
      // the lockfile, and the consumer test (CONSUMER_PEERS=lowest) covers the lowest ones.
      '--silence-warnings=metadata/missing-dev-dependency',
    ],
    { cwd: work, stdio: 'inherit', env: jsiiEnv() },
  );
  return work;
}
