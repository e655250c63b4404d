// `npm run synth` (and `npx cdk8s synth`, through cdk8s.yaml): synthesizes the app of main.ts.
//
//   node --require tsx/cjs scripts/synth/synth.ts [--outdir <dir>] [--allow-breaking-changes]
//
// The output folder is --outdir, else $CDK8S_OUTDIR (set by the cdk8s CLI), else dist/. The
// manifests are written to a staging folder and swapped in only when synthesis succeeded and the
// upgrade guard found no breaking change (scripts/synth/upgrade-guard.ts): otherwise the output folder
// is left as it was and the exit code is 1. --allow-breaking-changes, or
// STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true (for the cdk8s CLI, which passes no arguments to the
// app), writes it anyway.
//
// For `cdk8s synth --stdout` (recognized by its output folder: see isCliStdoutFolder), it writes
// the objects as one YAML stream, app.k8s.yaml, and nothing else, since the CLI prints every .yaml
// file of that folder one after the other: the stream is then the objects, in apply order, with
// no Kustomization. There is no previous output to compare with there, so no upgrade guard.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeInto, SynthesizeResult } from './safe-synth';
import { formatBreakingChange } from './upgrade-guard';

const USAGE = 'usage: node --require tsx/cjs scripts/synth/synth.ts [--outdir <dir>] [--allow-breaking-changes]';
const ALLOW_FLAG = '--allow-breaking-changes';
const ALLOW_ENV = 'STATEFUL_WEB_ALLOW_BREAKING_CHANGES';

export interface Arguments {
  readonly outdir: string;
  readonly allowBreakingChanges: boolean;
  /** True when the cdk8s CLI runs the app for `cdk8s synth --stdout`: write one YAML stream. */
  readonly stream: boolean;
}

/** Where the command writes its messages: the console, or a test's lists. */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** The command's arguments, from its command line and environment; throws a UsageError for a bad one. */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): Arguments {
  let outdir = env.CDK8S_OUTDIR || path.join(__dirname, '..', '..', 'dist');
  let allowBreakingChanges = ['true', '1'].includes((env[ALLOW_ENV] ?? '').toLowerCase());
  let outdirArgument = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === ALLOW_FLAG) allowBreakingChanges = true;
    else if (arg === '--outdir' && argv[i + 1] !== undefined) [outdir, outdirArgument] = [argv[++i], true];
    else if (arg.startsWith('--outdir=')) [outdir, outdirArgument] = [arg.slice('--outdir='.length), true];
    else throw new UsageError(arg === '--help' || arg === '-h' ? '' : `unknown argument "${arg}"`);
  }
  const stream = !outdirArgument && env.CDK8S_OUTDIR !== undefined && isCliStdoutFolder(env.CDK8S_OUTDIR);
  return { outdir, allowBreakingChanges, stream };
}

/**
 * Whether `outdir` is the folder of `cdk8s synth --stdout` (cdk8s-cli 2.x, cli/cmds/synth.js),
 * which says so in no other way: a new, empty folder `cdk8s-XXXXXX` directly in the temporary
 * folder (`fs.mkdtemp(path.join(os.tmpdir(), 'cdk8s-'))`), whose `.yaml` files it then prints.
 * Without --stdout, the CLI's folder is the configured output (`dist` by default), which it
 * deletes before it runs the app.
 */
export function isCliStdoutFolder(outdir: string): boolean {
  const resolved = path.resolve(outdir);
  if (!/^cdk8s-[0-9A-Za-z]{6}$/.test(path.basename(resolved))) return false;
  try {
    return fs.realpathSync(path.dirname(resolved)) === fs.realpathSync(os.tmpdir())
      && fs.readdirSync(resolved).length === 0;
  } catch {
    return false;
  }
}

export class UsageError extends Error {}

function report(output: Output, result: SynthesizeResult, outdir: string, listFiles: boolean): void {
  const display = path.relative(process.cwd(), outdir) || '.';
  const count = `${result.changes.length} breaking change${result.changes.length === 1 ? '' : 's'}`;
  const details = result.changes.map(formatBreakingChange).join('\n\n');
  if (!result.written) {
    output.error([
      `synth refused: ${count} to a StatefulSet, compared with ${result.baseline}:`,
      '',
      details,
      '',
      result.restoredFromGit
        ? `${display}/ was missing (the cdk8s CLI deletes it before it runs the app): it is restored as committed.`
        : `${display}/ is left as it was.`,
      'Once migrated (or when nothing runs on a cluster yet), accept the change with',
      `  npm run synth -- ${ALLOW_FLAG}`,
      `or, for \`npx cdk8s synth\`, with the environment variable ${ALLOW_ENV}=true.`,
    ].join('\n'));
    return;
  }
  if (result.changes.length > 0) {
    output.error(`synth: writing ${count}, as allowed (compared with ${result.baseline}):\n\n${details}\n`);
  }
  if (listFiles) for (const file of result.files) output.log(`  - ${path.join(display, file)}`);
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
  const { buildApp } = require('../../main') as typeof import('../../main');
  if (args.stream) {
    try {
      buildApp(outdir).synthStream();
      return 0;
    } catch (error) {
      output.error(`synth failed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  try {
    const result = synthesizeInto(outdir, (dir) => buildApp(dir), { allowBreakingChanges: args.allowBreakingChanges });
    // The cdk8s CLI (which sets CDK8S_OUTDIR) lists the files itself.
    report(output, result, outdir, !env.CDK8S_OUTDIR);
    return result.written ? 0 : 1;
  } catch (error) {
    output.error(`synth failed, ${path.relative(process.cwd(), outdir) || '.'}/ is left as it was: `
      + `${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runSynth(process.argv.slice(2), process.env);
}
