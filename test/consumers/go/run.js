#!/usr/bin/env node
// `npm run test:go`: the Go module as a Go project gets it. Builds it if it is missing or stale
// (`npm run package -- --targets go`), then builds and runs main.go (main.ts's example) in a fresh
// module whose go.mod requires the library and cdk8s at the versions of this repository's
// devDependencies, with a `replace` to each module `npm run package` wrote into build/packages/go
// (the library, and the cdk8s and cdk8s-plus-28 bindings it generates: see scripts/package/package.ts);
// constructs-go and jsii-runtime-go come from the Go module proxy. Compares the output with dist/.
// The jsii Go bindings embed the JavaScript packages and run them with `node`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pkg, packagesDir, ensurePackage, run, runWith, step, compareWithDist, checkGuard, main } = require('../common');

const LANG = 'go';
const { moduleName, packageName } = pkg.jsii.targets.go;

/** The Go modules in build/packages/go: module path => folder. */
function builtModules() {
  const dir = path.join(packagesDir, 'go');
  const modules = new Map();
  for (const entry of fs.readdirSync(dir)) {
    const goMod = path.join(dir, entry, 'go.mod');
    if (!fs.existsSync(goMod)) continue;
    const module = /^module\s+(\S+)/m.exec(fs.readFileSync(goMod, 'utf-8'))[1];
    modules.set(module, path.join(dir, entry));
  }
  return modules;
}

/** The `require` lines of a go.mod. */
function requires(goModFile) {
  return [...fs.readFileSync(goModFile, 'utf-8').matchAll(/^\s+(\S+)\s+(v\S+)$/gm)].map(([, m, v]) => [m, v]);
}

main(LANG, () => {
  const libraryGoMod = ensurePackage(LANG, 'go', path.join(packageName, 'go.mod'));
  const modules = builtModules();
  const libraryModule = `${moduleName}/${packageName}`;
  if (!modules.has(libraryModule)) throw new Error(`build/packages/go has no module ${libraryModule}`);
  step(LANG, `replace ${[...modules.keys()].join(', ')} => build/packages/go`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-go-'));
  try {
    fs.copyFileSync(path.join(__dirname, 'main.go'), path.join(work, 'main.go'));
    // The library's own requirements (cdk8s, constructs, jsii-runtime-go at the lockfile's versions), and the library.
    const required = [[libraryModule, `v${pkg.version}`], ...requires(libraryGoMod)];
    fs.writeFileSync(
      path.join(work, 'go.mod'),
      [
        'module example.com/stateful-web-consumer',
        '',
        'go 1.25',
        '',
        'require (',
        ...required.map(([m, v]) => `\t${m} ${v}`),
        ')',
        '',
        ...[...modules].map(([m, dir]) => `replace ${m} => ${dir}`),
        '',
      ].join('\n'),
    );
    console.log(`   ${required.map(([m, v]) => `${m} ${v}`).join(', ')}`);

    step(LANG, 'go mod tidy, go build, run, and compare with dist/');
    run('go', ['mod', 'tidy'], { cwd: work });
    run('go', ['build', '-o', 'consumer', '.'], { cwd: work });
    const out = path.join(work, 'dist');
    run(path.join(work, 'consumer'), [out], { cwd: work });
    const summary = compareWithDist(LANG, out);

    step(
      LANG,
      'the upgrade guard: a serviceName change refused, app.SetAllowBreakingChanges(jsii.Bool(true)) and the variable let it through',
    );
    const guard = checkGuard(
      LANG,
      (extraEnv) => runWith(path.join(work, 'consumer'), [out], extraEnv, { cwd: work }),
      out,
      'app.SetAllowBreakingChanges(jsii.Bool(true))',
      'SynthAndReport',
    );
    console.log(`   ${guard}`);
    return summary;
  } finally {
    if (process.env.CONSUMER_KEEP) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
});
