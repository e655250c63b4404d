// CI: the upgrade guard against the base branch. The usual synth compares with dist/ as committed
// on this branch, which a commit made with --allow-breaking-changes (or a hand edit) has already
// changed; this compares the app's output with dist/ as it is on the base branch, where the
// cluster's state comes from.
//
//   node --require tsx/cjs scripts/ci/compare-base.ts
//
// The base is the merge base of HEAD and $CI_BASE_REF (a branch, tag or commit), else of HEAD and
// origin/main when that exists; without either, or when HEAD is the base (CI on main), there is
// nothing to compare with and it passes, saying so. A breaking change fails (exit 1) unless
// STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true, which reports it and passes: set it for a change that
// was migrated on purpose.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ManifestApp } from '../../lib';
import { manifestsOf, readCommittedFolder, writeOutputFolder } from '../../lib/synth/previous-output';
import {
  ALLOW_BREAKING_CHANGES_ENV,
  allowedMessage,
  breakingChangesAllowedBy,
  Environment,
  refusalMessage,
} from '../../lib/synth/safe-synth';

export interface CompareOptions {
  /** The committed output folder (dist/ of the repository). */
  readonly dist: string;
  /** Builds the app, writing to the folder it is given. */
  readonly buildApp: (outdir: string) => ManifestApp;
  readonly env: Environment;
  readonly output: { log(message: string): void; error(message: string): void };
}

function git(cwd: string, args: string[]): string | undefined {
  const result = spawnSync('git', args, { cwd, encoding: 'utf-8' });
  return result.error || result.status !== 0 ? undefined : result.stdout.trim();
}

/** The base to compare with: the merge base of HEAD and CI_BASE_REF or origin/main; or why there is none. */
export function findBase(cwd: string, env: Environment): { ref: string; commit: string } | { none: string } {
  const ref = env.CI_BASE_REF || (git(cwd, ['rev-parse', '--verify', '-q', 'origin/main']) ? 'origin/main' : undefined);
  if (!ref) return { none: 'no base ref known (set CI_BASE_REF, or fetch origin/main)' };
  const commit = git(cwd, ['merge-base', 'HEAD', ref]);
  if (!commit) return { none: `no merge base of HEAD and ${ref}` };
  return { ref, commit };
}

/** Synthesizes the app against dist/ of the base; returns the exit code. */
export function compareWithBase(options: CompareOptions): number {
  const { output } = options;
  const cwd = path.dirname(options.dist);
  const base = findBase(cwd, options.env);
  if ('none' in base) {
    output.log(`compare with the base branch: skipped, ${base.none}.`);
    return 0;
  }
  const short = base.commit.slice(0, 12);
  if (git(cwd, ['rev-parse', 'HEAD']) === base.commit) {
    output.log(`compare with the base branch: nothing to do, HEAD is the base (${base.ref}, ${short}).`);
    return 0;
  }
  const files = readCommittedFolder(options.dist, base.commit);
  if (!files || manifestsOf(files).length === 0) {
    output.log(`compare with the base branch: skipped, ${base.ref} (${short}) has no ${path.basename(options.dist)}/ with manifests.`);
    return 0;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-base-'));
  try {
    const outdir = path.join(work, path.basename(options.dist));
    writeOutputFolder(outdir, files);
    const baseline = `${path.basename(options.dist)}/ of ${base.ref} (${short})`;
    const allowed = breakingChangesAllowedBy(options.env);
    const synthesized = options.buildApp(outdir)._synthesize({ compareWithGit: false, env: {}, allowBreakingChanges: allowed });
    const result = { ...synthesized, baseline, display: baseline };
    if (!result.written) {
      output.error(
        refusalMessage(result, [
          `the environment variable ${ALLOW_BREAKING_CHANGES_ENV}=true in CI, for a change migrated on purpose`,
          '(npm run synth -- --allow-breaking-changes accepted it on this branch; the base branch has the old output).',
        ]).replace(`${baseline}/ is left as it was.`, "The app's output would break what the base branch deployed."),
      );
      return 1;
    }
    if (result.changes.length > 0) output.error(allowedMessage(result));
    else output.log(`compare with the base branch: no breaking change compared with ${baseline}.`);
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  // Loaded only when run as a script: the tests call compareWithBase with apps of their own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a load on demand, typed by the import type
  const { buildApp } = require('../../main') as typeof import('../../main');
  process.exitCode = compareWithBase({ dist: path.join(__dirname, '..', '..', 'dist'), buildApp, env: process.env, output: console });
}
