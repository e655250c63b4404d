// Synthesis that never leaves a half-written output folder and refuses breaking changes.
//
// The app writes into a staging folder beside the output folder (same filesystem, so that the
// swap is a rename). The new manifests are compared with the previous ones by the upgrade guard;
// on a breaking change, or when the app throws, the staging folder is removed and the output
// folder stays as it was. Otherwise the staging folder takes the output folder's place.
import * as fs from 'fs';
import * as path from 'path';
import { isManifestFile } from '../../lib/synth/manifest-app';
import { PreviousOutput, readOutputFolder, readPreviousOutput } from './previous-output';
import { BreakingChange, findBreakingChanges, Manifest } from './upgrade-guard';

/** Something that writes manifests into a folder: the app of main.ts, or a test's. */
export type BuildApp = (outdir: string) => { synth(): void };

export interface SynthesizeOptions {
  /** Write the new output although it has breaking changes. @default false */
  readonly allowBreakingChanges?: boolean;
  /** When the output folder is missing or empty, compare with its committed files (git HEAD). @default true */
  readonly compareWithGit?: boolean;
  /** How messages name the output folder. @default outdir relative to the working directory */
  readonly display?: string;
}

export interface SynthesizeResult {
  /** Whether the output folder now holds the new output. */
  readonly written: boolean;
  /** The files of the new output, sorted (the manifests' names start with their apply order). */
  readonly files: string[];
  /** The breaking changes found (written anyway when `allowBreakingChanges`). */
  readonly changes: BreakingChange[];
  /** What the new output was compared with, or undefined when there was no previous output. */
  readonly baseline?: string;
  /** True when the output folder was missing and, the synth being refused, was restored from git. */
  readonly restoredFromGit: boolean;
}

/**
 * Synthesizes `buildApp`'s output into `outdir`, through a staging folder, unless it holds
 * breaking changes (then `written` is false and `outdir` is left as it was). Throws what the app
 * throws, after removing the staging folder.
 */
export function synthesizeInto(outdir: string, buildApp: BuildApp, options: SynthesizeOptions = {}): SynthesizeResult {
  const target = path.resolve(outdir);
  const display = options.display ?? (path.relative(process.cwd(), target) || '.');
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-staging-`));
  try {
    buildApp(staging).synth();
    const next = readOutputFolder(staging);
    const previous = readPreviousOutput(target, options.compareWithGit ?? true, display);
    const changes = previous ? breakingChanges(previous, next, options.allowBreakingChanges ?? false) : [];
    const files = [...next.keys()].sort();
    if (changes.length > 0 && !options.allowBreakingChanges) {
      fs.rmSync(staging, { recursive: true, force: true });
      const restoredFromGit = previous!.fromGit && !fs.existsSync(target);
      if (restoredFromGit) writeFolder(target, previous!.files);
      return { written: false, files, changes, baseline: previous!.source, restoredFromGit };
    }
    swap(staging, target);
    return { written: true, files, changes, baseline: previous?.source, restoredFromGit: false };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The breaking changes between the manifests of two outputs; none without parsing when they are
 * equal. A previous output that cannot be read stops the synth, unless breaking changes are allowed.
 */
function breakingChanges(previous: PreviousOutput, next: ReadonlyMap<string, Buffer>, allowed: boolean): BreakingChange[] {
  const before = manifestFiles(previous.files);
  const after = manifestFiles(next);
  const same = before.length === after.length
    && before.every(([name, content], i) => after[i][0] === name && after[i][1].equals(content));
  if (same) return [];
  let old: Manifest[];
  try {
    old = parseManifests(before, previous.source);
  } catch (error) {
    if (allowed) return [];
    throw error;
  }
  return findBreakingChanges(old, parseManifests(after, 'the new output'));
}

function manifestFiles(files: ReadonlyMap<string, Buffer>): [string, Buffer][] {
  return [...files].filter(([name]) => isManifestFile(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function parseManifests(files: [string, Buffer][], source: string): Manifest[] {
  // Loaded only when the outputs differ: most syntheses change nothing and need no parser.
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  return files.flatMap(([name, content]) => parseAllDocuments(content.toString('utf-8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`cannot read ${name} of ${source}: ${doc.errors[0].message}`);
    return doc.toJS() as Manifest;
  })).filter((manifest) => manifest && typeof manifest === 'object');
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

function writeFolder(dir: string, files: ReadonlyMap<string, Buffer>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
}
