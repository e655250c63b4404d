// How the cdk8s CLI (cdk8s-cli 2.x, cli/cmds/synth.js) hands an app its output folder. It runs
// the app with the folder in CDK8S_OUTDIR and says nothing else, so the folder tells:
//
// - `cdk8s synth`: the configured output (`dist` by default), which the CLI deletes first;
// - `cdk8s synth --stdout`: a new, empty folder `cdk8s-XXXXXX` directly in the temporary folder
//   (`fs.mkdtemp(path.join(os.tmpdir(), 'cdk8s-'))`), whose `.yaml` files the CLI then prints one
//   after the other, with nothing in between;
// - `cdk8s synth --format helm`: `<output>/templates`, after the CLI deleted `<output>` and wrote
//   `<output>/Chart.yaml` and `<output>/README.md`; Helm renders every file of templates/.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HELM_CHART_FILE, HELM_TEMPLATES } from './previous-output';
import type { Environment } from './environment';

/** What the cdk8s CLI asks for, from the folder it gave the app. */
export type CliHandoff = { readonly kind: 'folder' } | { readonly kind: 'stream' } | { readonly kind: 'helm'; readonly chart: string };

/**
 * What the cdk8s CLI asks for: the output folder `outdir` is the CLI's (it is CDK8S_OUTDIR in
 * `env`) and has the shape of its `--stdout` folder or of its `--format helm` templates/ folder.
 * Any other folder is a plain `folder`.
 */
export function cliHandoff(outdir: string, env: Environment): CliHandoff {
  if (!env.CDK8S_OUTDIR || path.resolve(env.CDK8S_OUTDIR) !== path.resolve(outdir)) return { kind: 'folder' };
  if (isCliStdoutFolder(outdir)) return { kind: 'stream' };
  const chart = helmChartOf(outdir);
  return chart ? { kind: 'helm', chart } : { kind: 'folder' };
}

/** Whether `outdir` is the folder of `cdk8s synth --stdout`: new, empty, `cdk8s-XXXXXX` in the temporary folder. */
export function isCliStdoutFolder(outdir: string): boolean {
  const resolved = path.resolve(outdir);
  if (!/^cdk8s-[0-9A-Za-z]{6}$/.test(path.basename(resolved))) return false;
  try {
    return fs.realpathSync(path.dirname(resolved)) === fs.realpathSync(os.tmpdir()) && fs.readdirSync(resolved).length === 0;
  } catch {
    return false;
  }
}

/** The chart folder when `outdir` is a Helm chart's templates/ folder (its parent holds Chart.yaml). */
export function helmChartOf(outdir: string): string | undefined {
  const resolved = path.resolve(outdir);
  const chart = path.dirname(resolved);
  return path.basename(resolved) === HELM_TEMPLATES && fs.existsSync(path.join(chart, HELM_CHART_FILE)) ? chart : undefined;
}
