#!/usr/bin/env node
// `npm run test:java`: the Maven package as a Java project gets it. Builds it if it is missing or
// stale (`npm run package -- --targets java`), then compiles and runs WebExample.java (main.ts's
// example) with Maven, with cdk8s, constructs and cdk8s-plus-28 at the versions of this
// repository's devDependencies, from Maven Central or, where Central lacks them, from the
// bindings `npm run package` generated into the same Maven repository (build/packages/java,
// used as a file:// repository), and compares its output with dist/.
//
// Maven copies what it resolves into its local repository (~/.m2/repository) and never fetches
// a release again: the artifacts of build/packages/java are removed from it first, so that every
// run uses the ones just built.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pkg, packagesDir, ensurePackage, run, runWith, step, compareWithDist, checkGuard, main } = require('../common');

const LANG = 'java';
const { groupId, artifactId } = pkg.jsii.targets.java.maven;
const localRepository = path.join(os.homedir(), '.m2', 'repository');

/** The `<group>/<artifact>/<version>` folders of a Maven repository layout. */
function artifactVersions(repo) {
  const found = [];
  const walk = (dir) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.pom'))) found.push(path.relative(repo, dir));
    else for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  walk(repo);
  return found;
}

/** `group:artifact:version` of a `<group>/<artifact>/<version>` folder. */
function coordinates(folder) {
  const parts = folder.split(path.sep);
  return `${parts.slice(0, -2).join('.')}:${parts.slice(-2).join(':')}`;
}

main(LANG, () => {
  ensurePackage(LANG, 'java', path.join(...groupId.split('.'), artifactId, pkg.version, `${artifactId}-${pkg.version}.jar`));
  const repo = path.join(packagesDir, 'java');
  const built = artifactVersions(repo);
  step(LANG, `from build/packages/java: ${built.map(coordinates).join(', ')} (dropped from ~/.m2 first)`);
  for (const version of built) fs.rmSync(path.join(localRepository, version), { recursive: true, force: true });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-java-'));
  try {
    fs.cpSync(path.join(__dirname, 'pom.xml'), path.join(work, 'pom.xml'));
    fs.cpSync(path.join(__dirname, 'src'), path.join(work, 'src'), { recursive: true });
    const out = path.join(work, 'dist');
    const properties = {
      'packages.repo': `file://${repo}`,
      'statefulweb.version': pkg.version,
      'cdk8s.version': pkg.devDependencies.cdk8s,
      'cdk8splus.version': pkg.devDependencies['cdk8s-plus-28'],
      'constructs.version': pkg.devDependencies.constructs,
      'exec.args': out,
    };
    step(
      LANG,
      `mvn compile exec:java (${['cdk8s', 'cdk8s-plus-28', 'constructs'].map((n) => `${n} ${pkg.devDependencies[n]}`).join(', ')})`,
    );
    run(
      'mvn',
      [
        '--batch-mode',
        '--quiet',
        '--no-transfer-progress',
        ...Object.entries(properties).map(([k, v]) => `-D${k}=${v}`),
        'compile',
        'exec:java',
      ],
      { cwd: work },
    );
    step(LANG, 'compare with dist/');
    const summary = compareWithDist(LANG, out);

    // As `cdk8s init java-app`'s cdk8s.yaml runs the app: mvn exec:java (compiled above).
    step(LANG, 'the upgrade guard: a serviceName change refused, app.setAllowBreakingChanges(true) and the variable let it through');
    const mvnArgs = [
      '--batch-mode',
      '--quiet',
      '--no-transfer-progress',
      ...Object.entries(properties).map(([k, v]) => `-D${k}=${v}`),
      'exec:java',
    ];
    const guard = checkGuard(
      LANG,
      (extraEnv) => runWith('mvn', mvnArgs, extraEnv, { cwd: work }),
      out,
      'app.setAllowBreakingChanges(true)',
      'synthAndReport',
    );
    console.log(`   ${guard}`);
    return summary;
  } finally {
    if (process.env.CONSUMER_KEEP) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
});
