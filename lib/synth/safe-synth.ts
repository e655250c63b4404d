// Synthesis that never leaves a half-written output folder and refuses breaking changes: what
// ManifestApp.synth() does, and so `npm run synth`, a package user's app and CI alike.
//
// The app writes into a staging folder beside the output folder (same filesystem, so that the
// swap is a rename). The new manifests are compared with the previous ones by the upgrade guard;
// on a breaking change, or when the app throws, the staging folder is removed and the output
// folder stays as it was. Otherwise the staging folder takes the output folder's place (or, for
// a Helm chart, the place of its templates/ folder).
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_EXTENSION } from './manifest-files';
import { unescapeFromHelm } from './helm-text';
import {
  HELM_TEMPLATES,
  manifestsOf,
  OutputFiles,
  PreviousOutput,
  readOutputFolder,
  readPreviousOutput,
  writeOutputFolder,
} from './previous-output';
import { LOCK_FILE, lockFileFor, lockText, readLock } from './baseline-lock';
import { readClusterBaseline } from './cluster-baseline';
import type { Environment } from './environment';
import { BreakingChange, findBreakingChanges, formatBreakingChange, RenderedObject } from './upgrade-guard';

export type { Environment } from './environment';

/** The environment variable that lets breaking changes through (for `cdk8s synth`, which passes no arguments). */
export const ALLOW_BREAKING_CHANGES_ENV = 'STATEFUL_WEB_ALLOW_BREAKING_CHANGES';

/** Whether the environment lets breaking changes through: `STATEFUL_WEB_ALLOW_BREAKING_CHANGES` is `true` or `1`. */
export function breakingChangesAllowedBy(env: Environment): boolean {
  return ['true', '1'].includes((env[ALLOW_BREAKING_CHANGES_ENV] ?? '').toLowerCase());
}

/**
 * How an output folder is laid out: `folder`, ManifestApp's (the manifests and the Kustomization
 * in it), or `helm`, a Helm chart's whose Chart.yaml the cdk8s CLI wrote (the manifests alone in
 * its templates/ folder, which the synth replaces; Chart.yaml stays).
 */
export type OutputLayout = 'folder' | 'helm';

export interface SynthesizeOptions {
  /** Write the new output although it has breaking changes. @default false */
  readonly allowBreakingChanges?: boolean;
  /** When the output folder holds no manifests, compare with its committed files (git HEAD). @default true */
  readonly compareWithGit?: boolean;
  /** How messages name the output folder. @default outdir relative to the working directory */
  readonly display?: string;
  /** @default 'folder' */
  readonly layout?: OutputLayout;
  /** The extension of the manifest files (the app's `outputFileExtension`). @default '.k8s.yaml' */
  readonly manifestExtension?: string;
  /**
   * The lock file to compare with (when the output folder holds no manifests) and to write, or
   * false for none. @default - `stateful-web.lock.json` beside the output folder when cdk8s.yaml is there
   */
  readonly lockFile?: string | false;
  /**
   * Compare with the StatefulSets in the cluster of the current kubeconfig context instead, read
   * with kubectl in this environment (lib/synth/cluster-baseline.ts). @default - no cluster
   */
  readonly cluster?: Environment;
}

export interface SynthesizeResult {
  /** Whether the output folder now holds the new output. */
  readonly written: boolean;
  /** The files of the new output, sorted (the manifests' names start with their apply order), relative to the output folder. */
  readonly files: string[];
  /** The breaking changes found (written anyway when `allowBreakingChanges`). */
  readonly changes: BreakingChange[];
  /** What the new output was compared with, or undefined when there was no previous output. */
  readonly baseline?: string;
  /** True when the output folder held no output (the cdk8s CLI deletes it) and, the synth being refused, was restored from git. */
  readonly restoredFromGit: boolean;
  /** How messages name the output folder. */
  readonly display: string;
  /** The lock file, relative to the working directory, when there is one for this output. */
  readonly lockFile?: string;
  /** True when this synth wrote the lock file (new, or changed). */
  readonly lockWritten?: boolean;
  /** False when no guard ran (`cdk8s synth --stdout`: a stream has no previous output). @default true */
  readonly guarded?: boolean;
  /** True when the output folder held no output before this synth (the cdk8s CLI deletes it) and holds none now. */
  readonly outputGone?: boolean;
}

/**
 * Writes `write`'s output into `outdir` (or, with the `helm` layout, into its templates/
 * folder), through a staging folder, unless it holds breaking changes (then `written` is false and
 * `outdir` is left as it was). Throws what `write` throws, after removing the staging folder.
 *
 * @param write writes the output into the folder it is given, which is new and empty
 */
export function synthesizeInto(
  outdir: string,
  write: (staging: string) => readonly RenderedObject[] | void,
  options: SynthesizeOptions = {},
): SynthesizeResult {
  const root = path.resolve(outdir);
  const helm = options.layout === 'helm';
  const target = helm ? path.join(root, HELM_TEMPLATES) : root;
  const display = options.display ?? (path.relative(process.cwd(), root) || '.');
  const lockFile = options.lockFile === undefined ? lockFileFor(root) : options.lockFile || undefined;
  const lockDisplay = lockFile && (path.relative(process.cwd(), lockFile) || LOCK_FILE);
  const allowed = options.allowBreakingChanges ?? false;
  const parent = path.dirname(root);
  fs.mkdirSync(parent, { recursive: true });
  const staging = makeStagingFolder(parent, `.${path.basename(root)}-staging-`);
  try {
    const written = write(staging);
    const next = readOutputFolder(staging);
    const extension = options.manifestExtension ?? MANIFEST_EXTENSION;
    // The objects of the new output, for the lock file and a comparison with it: those the app
    // wrote, else read back from its files.
    let objects: readonly RenderedObject[] | undefined = written || undefined;
    const newObjects = () =>
      (objects ??= parseManifests(
        manifestsOf(next, extension).map(([name, content]): [string, Buffer] => [
          name,
          helm ? Buffer.from(unescapeFromHelm(content.toString('utf-8')), 'utf-8') : content,
        ]),
        'the new output',
      ));
    // The baseline: the output in the folder, else the lock file, else the folder as committed.
    const inFolder = readPreviousOutput(root, false, display, extension);
    const lockExists = lockFile !== undefined && fs.existsSync(lockFile);
    const previous = inFolder ?? (lockExists ? undefined : readPreviousOutput(root, options.compareWithGit ?? true, display, extension));
    let changes: BreakingChange[] = [];
    let baseline: string | undefined;
    if (options.cluster) {
      const cluster = readClusterBaseline(newObjects(), options.cluster);
      baseline = cluster.source;
      changes = findBreakingChanges(cluster.before, cluster.after);
    } else if (previous) {
      baseline = previous.source;
      changes = breakingChanges(previous, next, helm, allowed, extension);
    } else if (lockExists) {
      baseline = `${lockDisplay} (the lock file; ${display}/ held no output)`;
      changes = lockChanges(lockFile, newObjects, allowed);
    }
    const files = [...next.keys()].map((file) => (helm ? `${HELM_TEMPLATES}/${file}` : file)).sort();
    if (changes.length > 0 && !allowed) {
      fs.rmSync(staging, { recursive: true, force: true });
      // Read from git, the previous output is what the cdk8s CLI deleted before it ran the app
      // (leaving nothing, or for a Helm chart only the Chart.yaml it wrote): put it back.
      const restoredFromGit = (previous?.fromGit ?? false) && (helm || !fs.existsSync(root));
      if (restoredFromGit) {
        fs.rmSync(root, { recursive: true, force: true });
        writeOutputFolder(root, previous!.files);
      }
      return {
        written: false,
        files,
        changes,
        baseline,
        restoredFromGit,
        display,
        lockFile: lockDisplay,
        outputGone: !inFolder && !restoredFromGit,
      };
    }
    swap(staging, target);
    let lockWritten = false;
    if (lockFile) {
      const text = lockText(newObjects());
      if (!lockExists || fs.readFileSync(lockFile, 'utf-8') !== text) {
        fs.writeFileSync(lockFile, text, 'utf-8');
        lockWritten = true;
      }
    }
    return { written: true, files, changes, baseline, restoredFromGit: false, display, lockFile: lockDisplay, lockWritten };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A new folder `<prefix><random>` in `parent`, made as a plain `mkdir` makes a folder: mode 0777
 * less the umask. The staging folder becomes the output folder, which other users, a CI container
 * or a web server may have to read; `fs.mkdtempSync` would make it 0700.
 */
function makeStagingFolder(parent: string, prefix: string): string {
  for (;;) {
    const folder = path.join(parent, `${prefix}${randomBytes(6).toString('hex')}`);
    try {
      fs.mkdirSync(folder); // fails when the folder exists: never someone else's folder
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The breaking changes from the StatefulSets a lock file records to the new output's. */
function lockChanges(lockFile: string, newObjects: () => readonly RenderedObject[], allowed: boolean): BreakingChange[] {
  const after = newObjects();
  let before: RenderedObject[];
  try {
    before = readLock(lockFile);
  } catch (error) {
    if (allowed) return [];
    throw error;
  }
  if (lockText(before) === lockText(after)) return [];
  // The lock file does not record replicas (scaling is no breaking change, and would churn it):
  // the messages count the pods and claims of a recorded StatefulSet by its replicas now.
  const replicas = new Map(
    after.filter((m) => m?.kind === 'StatefulSet').map((m) => [`${m.metadata?.namespace ?? ''}/${m.metadata?.name}`, m.spec?.replicas]),
  );
  const hydrated = before.map((m) => {
    const now = replicas.get(`${m.metadata?.namespace ?? ''}/${m.metadata?.name}`);
    return now === undefined ? m : { ...m, spec: { ...m.spec, replicas: now } };
  });
  return findBreakingChanges(hydrated, after);
}

/** The line every guarded synth writes: what the output was compared with, or that there was nothing. */
export function guardNotice(result: SynthesizeResult): string {
  const lockNote = result.lockWritten ? ` It wrote ${result.lockFile}: commit it.` : '';
  if (result.baseline !== undefined) {
    return `upgrade guard: compared with ${result.baseline}: no breaking change.${lockNote}`;
  }
  const where = `${result.display}/ held no manifests, ${result.lockFile ? `there was no ${result.lockFile}` : `no ${LOCK_FILE}`}, and git had no committed ${result.display}/`;
  const how = result.lockFile
    ? `To guard the next synth, commit ${result.lockFile}, which this synth wrote.`
    : `To guard the next synth, commit ${result.display}/, or synthesize from the folder of your cdk8s.yaml (beside ${result.display}/), ` +
      `where synth writes ${LOCK_FILE} for you to commit.`;
  return `upgrade guard: no baseline (${where}): this synth was not checked. ${how}`;
}

/** A synth refused by the upgrade guard; `result` says what and why. */
export class BreakingChangesRefused extends Error {
  /** What was refused and why (not enumerable: an uncaught refusal prints its message, not this object). */
  public readonly result!: SynthesizeResult;

  constructor(result: SynthesizeResult, howToAccept: readonly string[]) {
    super(refusalMessage(result, howToAccept));
    Object.defineProperty(this, 'result', { value: result, enumerable: false });
    this.name = 'BreakingChangesRefused';
  }
}

/** The methods of ManifestApp that synthesize with the upgrade guard, which a refusal names. */
export type PublicSynthMethod = 'synth' | 'synthAndReport';

/**
 * How a package user accepts a breaking change, in the language of the app: jsii's runtimes name
 * theirs in JSII_AGENT (`Python/3.11.2`, `Java/17.0.9`, `golang/go1.26.0`, `DotNet/8.0.0`).
 * `method` is the one the app called, named as that language spells it.
 */
export function acceptInPackage(env: Environment, method: PublicSynthMethod = 'synth'): readonly string[] {
  const agent = (env.JSII_AGENT ?? '').toLowerCase();
  const snake = method.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const pascal = method[0].toUpperCase() + method.slice(1);
  const [setting, command] = agent.startsWith('python')
    ? [`\`app.allow_breaking_changes = True\` before \`app.${snake}()\``, 'cdk8s synth']
    : agent.startsWith('java')
      ? [`\`app.setAllowBreakingChanges(true)\` before \`app.${method}()\``, 'cdk8s synth']
      : agent.startsWith('go')
        ? [`\`app.SetAllowBreakingChanges(jsii.Bool(true))\` before \`app.${pascal}()\``, 'cdk8s synth']
        : agent.startsWith('dotnet')
          ? [`\`app.AllowBreakingChanges = true\` before \`app.${pascal}()\``, 'cdk8s synth']
          : [`\`app.allowBreakingChanges = true\` before \`app.${method}()\``, 'npx cdk8s synth'];
  return [
    `the environment variable ${ALLOW_BREAKING_CHANGES_ENV}=true (for example \`${ALLOW_BREAKING_CHANGES_ENV}=true ${command}\`),`,
    `or ManifestApp's allowBreakingChanges in code (${setting}).`,
  ];
}

/** How a TypeScript or JavaScript package user accepts a breaking change. */
export const ACCEPT_IN_PACKAGE: readonly string[] = acceptInPackage({});

/** The message of a refused synth: every change, what happens to the output folder, and how to accept. */
export function refusalMessage(result: SynthesizeResult, howToAccept: readonly string[]): string {
  const lock = result.lockFile ? ` ${result.lockFile} is unchanged.` : '';
  return [
    `synth refused: ${count(result.changes)} to a StatefulSet, compared with ${result.baseline}:`,
    '',
    result.changes.map(formatBreakingChange).join('\n\n'),
    '',
    result.restoredFromGit
      ? `${result.display}/ held no output (the cdk8s CLI deletes it before it runs the app): it is restored as committed.${lock}`
      : result.outputGone
        ? `${result.display}/ held no output (the cdk8s CLI deletes it before it runs the app): nothing is written to it.${lock}`
        : `${result.display}/ is left as it was.${lock}`,
    'Once migrated (or when nothing runs on a cluster yet), accept the change with',
    ...howToAccept.map((line) => `  ${line}`),
  ].join('\n');
}

/** The notice of breaking changes written because they were allowed. */
export function allowedMessage(result: SynthesizeResult): string {
  return (
    `synth: writing ${count(result.changes)}, as allowed (compared with ${result.baseline}):\n\n` +
    `${result.changes.map(formatBreakingChange).join('\n\n')}\n`
  );
}

function count(changes: readonly BreakingChange[]): string {
  return `${changes.length} breaking change${changes.length === 1 ? '' : 's'}`;
}

/**
 * The breaking changes between the manifests of two outputs; none without parsing when they are
 * equal. A previous output that cannot be read stops the synth, unless breaking changes are allowed.
 */
function breakingChanges(
  previous: PreviousOutput,
  next: OutputFiles,
  helm: boolean,
  allowed: boolean,
  extension: string,
): BreakingChange[] {
  const before = manifestsOf(previous.files, extension);
  // The files of a Helm chart's templates/ as Helm renders them (manifestsOf does so for a chart's folder).
  const after = manifestsOf(next, extension).map(([name, content]): [string, Buffer] => [
    name,
    helm ? Buffer.from(unescapeFromHelm(content.toString('utf-8')), 'utf-8') : content,
  ]);
  const same = before.length === after.length && before.every(([name, content], i) => after[i][0] === name && after[i][1].equals(content));
  if (same) return [];
  let old: RenderedObject[];
  try {
    old = parseManifests(before, previous.source);
  } catch (error) {
    if (allowed) return [];
    throw error;
  }
  return findBreakingChanges(old, parseManifests(after, 'the new output'));
}

function parseManifests(files: [string, Buffer][], source: string): RenderedObject[] {
  const { parseAllDocuments } = yamlParser();
  return files
    .flatMap(([name, content]) =>
      parseAllDocuments(content.toString('utf-8'), { version: '1.1' }).map((doc) => {
        if (doc.errors.length > 0) throw new Error(`cannot read ${name} of ${source}: ${doc.errors[0].message}`);
        return doc.toJS() as RenderedObject;
      }),
    )
    .filter((manifest) => manifest && typeof manifest === 'object');
}

/**
 * The YAML parser that cdk8s writes with (a bundled dependency of cdk8s, so a package user has it
 * without this package depending on it), read as cdk8s reads YAML: version 1.1. Loaded only when
 * the outputs differ: most syntheses change nothing and need no parser.
 */
function yamlParser(): typeof import('yaml') {
  let resolved: string;
  try {
    resolved = require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] });
  } catch {
    resolved = 'yaml';
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed (above), from where cdk8s loads it
  return require(resolved) as typeof import('yaml');
}

/** Puts `staging` in place of `target`; if that fails, puts the old `target` back. */
function swap(staging: string, target: string): void {
  const old = `${staging}-previous`;
  const hadTarget = fs.existsSync(target);
  if (hadTarget) fs.renameSync(target, old);
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    if (hadTarget) fs.renameSync(old, target);
    throw error;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
