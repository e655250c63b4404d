#!/usr/bin/env node
// `npm run test:docs-steps [python|go]`: the Python and Go sections of docs/languages.md, followed
// literally, as a newcomer would: in a fresh directory, the section's `sh` block runs with bash
// (its `/path/to/cdk8s-stateful-web` is this repository), the files the block says to write are
// written from the section's other code blocks where the block says so (app.py; go.mod's
// require and replace lines, main.go), and the program's dist/ must equal this repository's.
// A step missing from the docs (a venv, `go mod tidy`) makes this fail.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { root, ensurePackage, run, step, compareWithDist, main, pkg } = require('../common');

const DOC = path.join(root, 'docs', 'languages.md');

/** The code blocks of the section `## <title>` of docs/languages.md, as [language, text]. */
function blocksOf(title) {
  const doc = fs.readFileSync(DOC, 'utf-8');
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/languages.md has no section "## ${title}"`);
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([^]*?)^```$/gm)].map(([, lang, text]) => [lang, text]);
}

/** A heredoc that writes `text` to `file` (appends with `>>`). */
const writeFile = (file, text, op = '>') => `cat ${op} ${file} <<'DOC_EOF'\n${text}DOC_EOF\n`;

/** The `sh` block, with the files written where its `# write ...` line says. */
function script(sh, writes) {
  const lines = sh.replaceAll('/path/to/cdk8s-stateful-web', root).split('\n');
  const at = lines.findIndex((line) => line.startsWith('# write') || line.startsWith('# add'));
  if (at < 0) throw new Error('the sh block says nowhere to write the program');
  return ['set -euo pipefail', ...lines.slice(0, at), writes, ...lines.slice(at + 1)].join('\n');
}

const LANGS = {
  python: () => {
    ensurePackage('docs python', 'python', `${pkg.jsii.targets.python.distName.replaceAll('-', '_')}-${pkg.version}-py3-none-any.whl`);
    const blocks = blocksOf('Python');
    const sh = blocks.find(([lang]) => lang === 'sh')[1];
    const app = blocks.find(([lang]) => lang === 'python')[1];
    return { script: script(sh, writeFile('app.py', app)), out: 'web-python/dist' };
  },
  go: () => {
    ensurePackage('docs go', 'go', path.join(pkg.jsii.targets.go.packageName, 'go.mod'));
    const blocks = blocksOf('Go');
    const sh = blocks.find(([lang]) => lang === 'sh')[1];
    const goMod = blocks
      .find(([lang, text]) => lang === '' && text.includes('require ('))[1]
      .replaceAll('/path/to/cdk8s-stateful-web', root);
    const mainGo = blocks.find(([lang]) => lang === 'go')[1];
    return { script: script(sh, writeFile('go.mod', goMod, '>>') + writeFile('main.go', mainGo)), out: 'web-go/dist' };
  },
};

for (const lang of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(LANGS)) {
  main(`docs ${lang}`, () => {
    const { script: text, out } = LANGS[lang]();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `stateful-web-docs-${lang}-`));
    try {
      step(`docs ${lang}`, `the steps of docs/languages.md in a fresh directory (${work})`);
      run('bash', ['-c', text], { cwd: work });
      return compareWithDist(`docs ${lang}`, path.join(work, out));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
}
