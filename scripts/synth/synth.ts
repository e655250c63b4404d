// `npm run synth` (and `npx cdk8s synth`, through cdk8s.yaml): synthesizes the app of main.ts.
//
//   node --require tsx/cjs scripts/synth/synth.ts [--outdir <dir>] [--allow-breaking-changes]
//
// The output folder is --outdir, else $CDK8S_OUTDIR (set by the cdk8s CLI), else dist/. It runs
// ManifestApp's synthesis (lib/synth/safe-synth.ts), which package users get too: the manifests
// are written to a staging folder and swapped in only when synthesis succeeded and the upgrade
// guard (lib/synth/upgrade-guard.ts) found no breaking change; otherwise the output folder is left
// as it was and the exit code is 1. --allow-breaking-changes, or
// STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true (for the cdk8s CLI, which passes no arguments to the
// app), writes it anyway. This script only words the messages for this repository.
//
// Run by `cdk8s synth --stdout` or `cdk8s synth --format helm`, ManifestApp recognizes the CLI's
// folder (lib/synth/cli-folders.ts): it writes one YAML stream, or the chart's templates/.
import * as path from 'path';
import {
  ALLOW_BREAKING_CHANGES_ENV,
  allowedMessage,
  breakingChangesAllowedBy,
  guardNotice,
  refusalMessage,
  SynthesizeResult,
} from '../../lib/synth/safe-synth';

const USAGE = 'usage: node --require tsx/cjs scripts/synth/synth.ts [--outdir <dir>] [--allow-breaking-changes]';
const ALLOW_FLAG = '--allow-breaking-changes';

/** How this repository accepts a breaking change. */
export const ACCEPT_IN_REPOSITORY: readonly string[] = [
  `npm run synth -- ${ALLOW_FLAG}`,
  `or, for \`npx cdk8s synth\`, with the environment variable ${ALLOW_BREAKING_CHANGES_ENV}=true.`,
];

export interface Arguments {
  readonly outdir: string;
  readonly allowBreakingChanges: boolean;
}

/** Where the command writes its messages: the console, or a test's lists. */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** The command's arguments, from its command line and environment; throws a UsageError for a bad one. */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): Arguments {
  let outdir = env.CDK8S_OUTDIR || path.join(__dirname, '..', '..', 'dist');
  let allowBreakingChanges = breakingChangesAllowedBy(env);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === ALLOW_FLAG) allowBreakingChanges = true;
    else if (arg === '--outdir' && argv[i + 1] !== undefined) outdir = argv[++i];
    else if (arg.startsWith('--outdir=')) outdir = arg.slice('--outdir='.length);
    else throw new UsageError(arg === '--help' || arg === '-h' ? '' : `unknown argument "${arg}"`);
  }
  return { outdir, allowBreakingChanges };
}

export class UsageError extends Error {}

function report(output: Output, result: SynthesizeResult, listFiles: boolean): void {
  if (!result.written) {
    output.error(refusalMessage(result, ACCEPT_IN_REPOSITORY));
    return;
  }
  if (result.changes.length > 0) output.error(allowedMessage(result));
  else if (result.guarded !== false) output.error(guardNotice(result));
  if (listFiles) for (const file of result.files) output.log(`  - ${path.join(result.display, file)}`);
}

/**
 * The command: synthesizes main.ts's app as `argv` and `env` say, writes its messages to
 * `output`, and returns the exit code (0 written, 1 refused or failed, 2 bad argument).
 */
export function runSynth(argv: readonly string[], env: NodeJS.ProcessEnv, output: Output = console): number {
  let args: Arguments;
  try {
    args = parseArguments(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) output.error(error.message);
    output.error(USAGE);
    return error.message ? 2 : 0;
  }
  const outdir = path.resolve(args.outdir);
  // The app (main.ts, the library and the Kubernetes API: most of the start-up) is loaded once the
  // arguments are known to be good, so that `--help` and a mistyped argument answer at once.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- that load on demand, typed by the import type
  const { buildApp } = require('../../main') as typeof import('../../main');
  try {
    const result = buildApp(outdir)._synthesize({ allowBreakingChanges: args.allowBreakingChanges, env });
    // The cdk8s CLI (which sets CDK8S_OUTDIR) lists the files itself.
    report(output, result, !env.CDK8S_OUTDIR);
    return result.written ? 0 : 1;
  } catch (error) {
    output.error(
      `synth failed, ${path.relative(process.cwd(), outdir) || '.'}/ is left as it was: ` +
        `${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runSynth(process.argv.slice(2), process.env);
}
