// The previous synthesis output, which the upgrade guard compares the new one with: the files
// already in the output folder or, when the folder is missing or empty (the cdk8s CLI deletes it
// before it runs the app), the folder as committed in git (HEAD).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The files of a previous output: file name to content. */
export interface PreviousOutput {
  readonly files: ReadonlyMap<string, Buffer>;
  /** Where they come from, for messages: `dist/` or `dist/ as committed (git HEAD)`. */
  readonly source: string;
  /** True when read from git because the folder was missing or empty. */
  readonly fromGit: boolean;
}

/** The files directly in `dir` (the synth output is flat); none when it does not exist. */
export function readOutputFolder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return files;
    throw error;
  }
  for (const entry of entries) {
    if (entry.isFile()) files.set(entry.name, fs.readFileSync(path.join(dir, entry.name)));
  }
  return files;
}

/**
 * The previous output for `outdir`, or undefined when there is none (no files, and git has none
 * or is not there).
 *
 * @param useGit whether to look in git when the folder is missing or empty
 */
export function readPreviousOutput(outdir: string, useGit: boolean, display: string): PreviousOutput | undefined {
  const files = readOutputFolder(outdir);
  if (files.size > 0) return { files, source: `${display}/ (the output already there)`, fromGit: false };
  if (!useGit) return undefined;
  const committed = readCommittedFolder(outdir);
  if (!committed || committed.size === 0) return undefined;
  return { files: committed, source: `${display}/ as committed (git HEAD), because ${display}/ was missing or empty`, fromGit: true };
}

/** The files directly in `dir` at git HEAD; undefined when not in a git work tree or git is missing. */
export function readCommittedFolder(dir: string): Map<string, Buffer> | undefined {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) return undefined;
  // Paths relative to the working directory (`parent`), so no need to know the repository root.
  const listing = spawnSync('git', ['ls-tree', '-z', 'HEAD', '--', `${path.basename(dir)}/`], { cwd: parent });
  if (listing.error || listing.status !== 0) return undefined;
  const blobs: { name: string; id: string }[] = [];
  for (const line of listing.stdout.toString('utf-8').split('\0')) {
    // "<mode> SP <type> SP <object> TAB <path>"
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
    if (match) blobs.push({ id: match[1], name: path.basename(match[2]) });
  }
  if (blobs.length === 0) return new Map();
  // One `git cat-file --batch` for all blobs: "<id> blob <size>\n<content>\n" each.
  const batch = spawnSync('git', ['cat-file', '--batch'], { cwd: parent, input: blobs.map((b) => `${b.id}\n`).join('') });
  if (batch.error || batch.status !== 0) return undefined;
  const files = new Map<string, Buffer>();
  let offset = 0;
  for (const blob of blobs) {
    const headerEnd = batch.stdout.indexOf(0x0a, offset);
    const size = Number(batch.stdout.toString('utf-8', offset, headerEnd).split(' ')[2]);
    files.set(blob.name, batch.stdout.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}
