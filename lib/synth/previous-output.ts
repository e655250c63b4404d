// The previous synthesis output, which the upgrade guard compares the new one with: the manifests
// already in the output folder or, when it holds none (the cdk8s CLI deletes the folder before it
// runs the app), the folder as committed in git (HEAD).
//
// An output folder has one of two layouts: ManifestApp's (the manifests and the Kustomization
// directly in it) or a Helm chart's, as `cdk8s synth --format helm` writes it (Chart.yaml, and
// the manifests in templates/). Both are read, so that a synth in one layout is compared with an
// output in the other.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_EXTENSION } from './manifest-files';
import { unescapeFromHelm } from './helm-text';

/** The Helm chart file that marks a chart's folder, and the folder of its templates. */
export const HELM_CHART_FILE = 'Chart.yaml';
export const HELM_TEMPLATES = 'templates';

/** The files of an output: path relative to the folder (`a.yaml`, `templates/a.yaml`) to content. */
export type OutputFiles = ReadonlyMap<string, Buffer>;

/** The files of a previous output. */
export interface PreviousOutput {
  readonly files: OutputFiles;
  /** Where they come from, for messages: `dist/ (the output already there)` or `dist/ as committed (git HEAD), ...`. */
  readonly source: string;
  /** True when read from git because the folder held no manifests. */
  readonly fromGit: boolean;
}

/**
 * The manifests of an output, as [file name, content], sorted by name (that is in apply order):
 * the files ending in `extension` (the app's `outputFileExtension`) in templates/ when the output
 * is a Helm chart, else those directly in the folder.
 */
export function manifestsOf(files: OutputFiles, extension = MANIFEST_EXTENSION): [string, Buffer][] {
  const chart = files.has(HELM_CHART_FILE);
  const found: [string, Buffer][] = [];
  for (const [file, content] of files) {
    const [folder, name] = file.includes('/') ? [path.posix.dirname(file), path.posix.basename(file)] : ['', file];
    if (folder !== (chart ? HELM_TEMPLATES : '') || !name.endsWith(extension)) continue;
    // A chart's manifests as Helm renders them (ManifestApp escapes the `{{` of their values).
    found.push([name, chart ? Buffer.from(unescapeFromHelm(content.toString('utf-8')), 'utf-8') : content]);
  }
  return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The files directly in `dir`, and in its templates/ folder; none when it does not exist. */
export function readOutputFolder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [folder, prefix] of [
    [dir, ''],
    [path.join(dir, HELM_TEMPLATES), `${HELM_TEMPLATES}/`],
  ]) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) continue;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isFile()) files.set(`${prefix}${entry.name}`, fs.readFileSync(path.join(folder, entry.name)));
    }
  }
  return files;
}

/**
 * The previous output for `outdir`, or undefined when there is none (no manifests, and git has
 * none or is not there).
 *
 * @param useGit whether to look in git when the folder holds no manifests
 */
export function readPreviousOutput(
  outdir: string,
  useGit: boolean,
  display: string,
  extension = MANIFEST_EXTENSION,
): PreviousOutput | undefined {
  const files = readOutputFolder(outdir);
  if (manifestsOf(files, extension).length > 0) return { files, source: `${display}/ (the output already there)`, fromGit: false };
  if (!useGit) return undefined;
  const committed = readCommittedFolder(outdir);
  if (!committed || manifestsOf(committed, extension).length === 0) return undefined;
  const why = files.size === 0 ? 'missing or empty' : 'without manifests';
  return { files: committed, source: `${display}/ as committed (git HEAD), because ${display}/ was ${why}`, fromGit: true };
}

/**
 * The files directly in `dir`, and in its templates/ folder, at the git revision `revision`;
 * undefined when not in a git work tree, git is missing or the revision is unknown.
 */
export function readCommittedFolder(dir: string, revision = 'HEAD'): Map<string, Buffer> | undefined {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) return undefined;
  // Paths relative to the working directory (`parent`), so no need to know the repository root.
  const base = path.basename(dir);
  const listing = spawnSync('git', ['ls-tree', '-r', '-z', revision, '--', `${base}/`], { cwd: parent });
  if (listing.error || listing.status !== 0) return undefined;
  const blobs: { name: string; id: string }[] = [];
  for (const line of listing.stdout.toString('utf-8').split('\0')) {
    // "<mode> SP <type> SP <object> TAB <path>", the path relative to `parent`.
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
    if (!match) continue;
    const name = path.posix.relative(base, match[2]);
    if (!name.includes('/') || path.posix.dirname(name) === HELM_TEMPLATES) blobs.push({ id: match[1], name });
  }
  if (blobs.length === 0) return new Map();
  // One `git cat-file --batch` for all blobs: "<id> blob <size>\n<content>\n" each.
  const batch = spawnSync('git', ['cat-file', '--batch'], {
    cwd: parent,
    input: blobs.map((b) => `${b.id}\n`).join(''),
    maxBuffer: 256 * 1024 * 1024,
  });
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

/** Writes `files` (paths relative to `dir`) into `dir`, making the folders they need. */
export function writeOutputFolder(dir: string, files: OutputFiles): void {
  for (const [name, content] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}
