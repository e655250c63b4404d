// `npm run docs`: writes the sections of docs/ that the code defines, so that they cannot drift
// from it: the synth-time rules (STATEFUL_WEB_RULES) and the Pod Security checks (PodSecurityCheck,
// PSS_CHECK_LEVELS, PSS_CHECK_RULES), in docs/validation.md, each between a
// `<!-- generated: <name> -->` line and an `<!-- end generated -->` line.
// `npm run docs -- --check` writes nothing and fails if a section is not what the code says;
// test/docs.test.ts checks the same.
import * as fs from 'fs';
import * as path from 'path';
import { PodSecurityCheck } from '../../lib';
import { PSS_CHECK_LEVELS, PSS_CHECK_RULES } from '../../lib/validation/pod-security';
import { STATEFUL_WEB_RULES } from '../../lib/validation/rules';

const ROOT = path.resolve(__dirname, '..', '..');

/** The generated sections, by file (relative to the repository) and section name. */
export const SECTIONS: { readonly [file: string]: { readonly [section: string]: () => string } } = {
  'docs/validation.md': {
    rules: () =>
      Object.values(STATEFUL_WEB_RULES)
        .map((rule) => `- ${rule}`)
        .join('\n'),
    'pod-security-checks': () =>
      [
        '| check id | `PodSecurityCheck` | level | rule |',
        '|---|---|---|---|',
        ...(Object.entries(PodSecurityCheck) as Array<[string, PodSecurityCheck]>).map(
          ([member, id]) => `| \`${id}\` | \`${member}\` | ${PSS_CHECK_LEVELS[id]} | ${PSS_CHECK_RULES[id].replace(/\|/g, '\\|')} |`,
        ),
      ].join('\n'),
  },
};

/** `text` with every generated section of `sections` written anew; throws if a section's markers are missing. */
export function withGeneratedSections(text: string, sections: { readonly [section: string]: () => string }): string {
  let result = text;
  for (const [name, generate] of Object.entries(sections)) {
    const start = `<!-- generated: ${name} -->\n`;
    const end = '<!-- end generated -->';
    const from = result.indexOf(start);
    const to = result.indexOf(end, from);
    if (from < 0 || to < 0) throw new Error(`no section "${name}" (${start.trim()} ... ${end})`);
    result = result.slice(0, from + start.length) + generate() + '\n' + result.slice(to);
  }
  return result;
}

/** Writes (or with `check`, compares) every generated section; returns the files that differ. */
export function generateDocs(check: boolean): string[] {
  const stale: string[] = [];
  for (const [file, sections] of Object.entries(SECTIONS)) {
    const full = path.join(ROOT, file);
    const text = fs.readFileSync(full, 'utf-8');
    const fresh = withGeneratedSections(text, sections);
    if (fresh === text) continue;
    stale.push(file);
    if (!check) fs.writeFileSync(full, fresh);
  }
  return stale;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const stale = generateDocs(check);
  if (check && stale.length > 0) {
    console.error(`${stale.join(', ')}: not what the code says; run \`npm run docs\` and commit.`);
    process.exitCode = 1;
  } else {
    console.log(stale.length > 0 ? `wrote ${stale.join(', ')}` : 'docs match the code');
  }
}
