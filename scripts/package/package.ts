// `npm run package`: the library as packages for other languages. Compiles it with jsii (as
// `npm run jsii` does, scripts/package/jsii-workspace.ts) and runs jsii-pacmak, which writes
//   build/packages/js/      the jsii npm tarball (the JavaScript and the .jsii assembly)
//   build/packages/python/  a wheel and an sdist (PyPI: cdk8s-stateful-web, module cdk8s_stateful_web)
//   build/packages/java/    a Maven repository layout (io.github.cdk8sstatefulweb:cdk8s-stateful-web)
//   build/packages/go/      the Go module (github.com/cdk8s-stateful-web/cdk8s-stateful-web-go/cdk8sstatefulweb)
// The targets and names are the `jsii` section of package.json. pacmak needs python3 (venv, pip
// and PyPI), mvn (Java 17, Maven Central) and go (the Go module proxy) to build the packages.
//
// The Java and Go packages are built against the jsii packages of the peers (cdk8s, constructs,
// cdk8s-plus-28) at the versions of the lockfile. Where the registry cannot supply one, its
// bindings are generated here by the same jsii-pacmak from the installed npm package (the
// assembly its published bindings are generated from), into the same folder as ours: the Maven
// repository build/packages/java, or build/packages/go/<package>. The consumer tests
// (test/consumers/) use them from there.
// - Java: each peer that Maven Central lacks at the lockfile's version (where this project is
//   built: org.cdk8s:cdk8s 2.70.106 and every org.cdk8s:cdk8s-plus-28).
// - Go: cdk8s and cdk8s-plus-28, always. The Go module proxy refuses github.com/cdk8s-team/cdk8s-core-go
//   (403, every version) where this project is built, and the published cdk8s-plus-go v2.5.6 was
//   generated against constructs 10.3: it does not compile with constructs-go 10.5 and later,
//   whose Construct has a `With` method (ambiguous selector). constructs-go and jsii-runtime-go
//   come from the proxy.
//
// The library's packages are built afresh on every run; the peers' generated bindings are kept
// while their version stays (`-- --force` regenerates them too). `-- --targets python,go` builds
// only some targets.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bin, compileWithJsii, jsiiEnv, pkg, root } from './jsii-workspace';

const outdir = path.join(root, pkg.jsii.outdir);
const argValue = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ??
  (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const targets = argValue('targets')?.split(',') ?? ['js', ...Object.keys(pkg.jsii.targets)];
const force = process.argv.includes('--force');
const verbose = process.argv.includes('--verbose') ? ['--verbose'] : [];
// pacmak's Maven builds use the usual local repository (cache), not a fresh one per build.
const mavenCache = ['--maven-local-repository', path.join(os.homedir(), '.m2', 'repository')];
const env = { ...jsiiEnv(), CDK8S_CHECK_UPGRADE: 'false' };
const started = Date.now();

/** A jsii peer of the library, as installed, and where Maven Central and the Go proxy would have its bindings. */
interface JsiiDependency {
  name: string;
  dir: string;
  version: string;
  maven: { groupId: string; artifactId: string };
  goModule: string;
  goPackage: string;
}

function jsiiDependencies(): JsiiDependency[] {
  return Object.keys(pkg.peerDependencies).map((name) => {
    const dir = path.join(root, 'node_modules', name);
    const dep = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')) as {
      version: string;
      jsii: { targets: { go: { moduleName: string; packageName?: string }; java: { maven: JsiiDependency['maven'] } } };
    };
    const goTarget = dep.jsii.targets.go;
    const major = Number(dep.version.split('.')[0]);
    // pacmak's Go package name: the target's packageName, else the npm name without separators.
    const goPackage = goTarget.packageName ?? name.replace(/[^a-z0-9]/gi, '').toLowerCase();
    const goModule = `${goTarget.moduleName}/${goPackage}${major >= 2 ? `/v${major}` : ''}`;
    return { name, dir, version: dep.version, maven: dep.jsii.targets.java.maven, goModule, goPackage };
  });
}

async function onMavenCentral(dep: JsiiDependency): Promise<boolean> {
  const { groupId, artifactId } = dep.maven;
  const url = `https://repo.maven.apache.org/maven2/${groupId.replace(/\./g, '/')}/${artifactId}/${dep.version}/${artifactId}-${dep.version}.pom`;
  const response = await fetch(url, { method: 'HEAD' });
  return response.ok;
}

/** Generates into build/packages the bindings of the peers that the registries lack, for `target`. */
async function dependencyBindings(target: 'java' | 'go'): Promise<void> {
  const missing: JsiiDependency[] = [];
  for (const dep of jsiiDependencies()) {
    const built =
      target === 'java'
        ? fs.existsSync(
            path.join(
              outdir,
              'java',
              ...dep.maven.groupId.split('.'),
              dep.maven.artifactId,
              dep.version,
              `${dep.maven.artifactId}-${dep.version}.jar`,
            ),
          )
        : fs.existsSync(path.join(outdir, 'go', dep.goPackage, 'jsii', `${dep.name}-${dep.version}.tgz`));
    if (built && !force) {
      console.log(`   ${target}: ${dep.name}@${dep.version} generated already`);
      continue;
    }
    if (target === 'go') {
      // constructs-go from the proxy; the others generated (see the top of this file).
      console.log(
        `   go: ${dep.goModule}@v${dep.version}: ${dep.name === 'constructs' ? 'from the Go module proxy' : 'generated from the npm package'}`,
      );
      if (dep.name !== 'constructs') missing.push(dep);
      continue;
    }
    const published = await onMavenCentral(dep);
    console.log(
      `   java: ${dep.maven.groupId}:${dep.maven.artifactId}:${dep.version} on Maven Central: ${published ? 'found' : 'missing, generated from the npm package'}`,
    );
    if (!published) missing.push(dep);
  }
  if (missing.length === 0) return;
  execFileSync(
    bin('jsii-pacmak'),
    [
      ...missing.map((dep) => dep.dir),
      '--outdir',
      outdir,
      '--targets',
      target,
      // Go: the source is the module; the library's own Go build below compiles it.
      ...(target === 'go' ? ['--code-only'] : mavenCache),
      '--rosetta-unknown-snippets',
      'verbatim',
      '--no-npmignore',
      ...verbose,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
}

async function main(): Promise<void> {
  let work: string | undefined;
  try {
    for (const target of ['java', 'go'] as const) {
      if (!targets.includes(target)) continue;
      console.log(`== ${target}: bindings of the jsii peers`);
      await dependencyBindings(target);
    }
    work = compileWithJsii();
    console.log(`== jsii-pacmak: ${targets.join(', ')} into ${path.relative(root, outdir)}/`);
    execFileSync(
      bin('jsii-pacmak'),
      [
        '--outdir',
        outdir,
        '--targets',
        ...targets,
        // The README's code samples are TypeScript: they go into the packages' descriptions as they are.
        '--rosetta-unknown-snippets',
        'verbatim',
        ...mavenCache,
        ...verbose,
      ],
      { cwd: work, stdio: 'inherit', env },
    );

    for (const target of targets) {
      const dir = path.join(outdir, target);
      const files = fs.existsSync(dir)
        ? listFiles(dir).filter(
            (f) =>
              /(\.tgz|\.whl|\.tar\.gz|\.jar|\/go\.mod)$/.test(f) &&
              !/-(sources|javadoc)\.jar$/.test(f) &&
              (target !== 'java' || f.includes(pkg.jsii.targets.java.maven.artifactId)),
          )
        : [];
      if (target === 'go') files.splice(0, files.length, ...files.filter((f) => f.includes(`/${pkg.jsii.targets.go.packageName}/`)));
      if (files.length === 0) throw new Error(`jsii-pacmak wrote no package for ${target} into ${path.relative(root, dir)}`);
      console.log(`   ${target}: ${files.map((f) => path.relative(root, f)).join(', ')}`);
    }
    console.log(`packaged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    // jsii and jsii-pacmak have printed their errors already (stdio: 'inherit').
    console.error(error instanceof Error ? error.message.split('\n')[0] : error);
    process.exitCode = 1;
  } finally {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

void main();
