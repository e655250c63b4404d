#!/usr/bin/env node
// `npm run test:python`: the Python package as a Python project gets it. Builds the wheel if it
// is missing or stale (`npm run package -- --targets python`), installs it into a fresh venv
// (python3.11 -m venv) with cdk8s, constructs and cdk8s-plus-28 from PyPI at the versions of this
// repository's devDependencies, runs app.py (main.ts's example) and compares its output with
// dist/, then runs bad_input.py (what wrong types from Python give).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pkg, ensurePackage, run, runWith, step, compareWithDist, checkGuard, main } = require('../common');

const LANG = 'python';
const python = process.env.PYTHON ?? 'python3.11';

main(LANG, () => {
  const wheel = ensurePackage(LANG, 'python', `${pkg.jsii.targets.python.module}-${pkg.version}-py3-none-any.whl`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-python-'));
  try {
    const venv = path.join(work, 'venv');
    step(LANG, `${python} -m venv`);
    run(python, ['-m', 'venv', venv]);
    const venvPython = path.join(venv, 'bin', 'python');
    const peers = Object.keys(pkg.peerDependencies).map((name) => `${name}==${pkg.devDependencies[name]}`);
    step(LANG, `pip install ${path.basename(wheel)} ${peers.join(' ')}`);
    run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', wheel, ...peers]);
    const installed = run(venvPython, ['-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check'])
      .split('\n')
      .filter((l) => /^(cdk8s|constructs|jsii|cdk8s-stateful-web|cdk8s-plus-28)==/.test(l));
    console.log(`   ${installed.join(', ')}`);

    step(LANG, 'python app.py (the example of main.ts) and compare with dist/');
    const out = path.join(work, 'dist');
    run(venvPython, [path.join(__dirname, 'app.py'), out], { cwd: work });
    const summary = compareWithDist(LANG, out);

    step(LANG, 'the upgrade guard: a serviceName change refused, app.allow_breaking_changes = True and the variable let it through');
    const guard = checkGuard(
      LANG,
      (extraEnv) => runWith(venvPython, [path.join(__dirname, 'app.py'), out], extraEnv, { cwd: work }),
      out,
      'app.allow_breaking_changes = True',
      'synth_and_report',
    );
    console.log(`   ${guard}`);

    step(LANG, 'python bad_input.py (wrong types and values from Python)');
    process.stdout.write(run(venvPython, [path.join(__dirname, 'bad_input.py')], { cwd: work }));
    return summary;
  } finally {
    if (process.env.CONSUMER_KEEP) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
});
