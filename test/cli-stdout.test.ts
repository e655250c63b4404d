// `cdk8s synth --stdout` hands the output on as one YAML stream (`... | kubectl apply -f -`). The
// CLI runs the app with CDK8S_OUTDIR set to a new temporary folder and prints every .yaml file of
// it one after the other, with no document separator: ManifestApp recognizes that folder and
// writes the objects there as one stream, app.k8s.yaml, without the Kustomization.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { parse, parseAllDocuments } from 'yaml';
import { buildApp } from '../main';
import { ManifestApp } from '../lib';
import { listManifestFiles } from '../lib/synth/manifest-app';
import { cliHandoff, isCliStdoutFolder } from '../lib/synth/cli-folders';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const CDK8S = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');

/** The objects of dist/'s manifest files, in apply order. */
function distObjects(): unknown[] {
  return listManifestFiles(DIST).map((file) => parse(fs.readFileSync(path.join(DIST, file), 'utf-8')));
}

/** The documents of a YAML stream, failing on any parse error. */
function documents(stream: string): unknown[] {
  return parseAllDocuments(stream).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS();
  });
}

// Runs the cdk8s CLI and the app in a second Node process: on a busy machine that takes longer
// than Jest's 5 s default, and the test failed by chance.
test('npx cdk8s synth --stdout prints a valid YAML stream of exactly the objects of dist/, no Kustomization', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.CDK8S_OUTDIR;
  delete env.CDK8S_RECORD_CONSTRUCT_METADATA;
  const distBefore = listManifestFiles(DIST).map((file) => fs.readFileSync(path.join(DIST, file), 'utf-8'));

  const run = await promisify(execFile)(process.execPath, [CDK8S, 'synth', '--stdout'], { cwd: ROOT, env, encoding: 'utf-8' });

  const objects = documents(run.stdout);
  expect(objects.map((o: any) => o?.kind)).not.toContain('Kustomization');
  expect(objects).toEqual(distObjects());
  expect(objects.length).toBeGreaterThan(1);
  // --stdout leaves dist/ alone.
  expect(listManifestFiles(DIST).map((file) => fs.readFileSync(path.join(DIST, file), 'utf-8'))).toEqual(distBefore);
}, 120_000);

describe('isCliStdoutFolder', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const mkdtemp = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };

  test("is the CLI's folder for --stdout: new, empty, cdk8s-XXXXXX in the temporary folder", () => {
    expect(isCliStdoutFolder(mkdtemp('cdk8s-'))).toBe(true);
  });

  test('is not any other folder', () => {
    const notEmpty = mkdtemp('cdk8s-');
    fs.writeFileSync(path.join(notEmpty, 'x.k8s.yaml'), '');
    expect(isCliStdoutFolder(notEmpty)).toBe(false);
    expect(isCliStdoutFolder(mkdtemp('other-'))).toBe(false);
    expect(isCliStdoutFolder(path.join(mkdtemp('parent-'), 'cdk8s-abcdef'))).toBe(false); // missing, and not in tmpdir
    expect(isCliStdoutFolder(path.join(os.tmpdir(), 'cdk8s-nothere'))).toBe(false);
    expect(isCliStdoutFolder(DIST)).toBe(false);
    expect(isCliStdoutFolder('dist')).toBe(false);
  });

  test("ManifestApp writes the stream only into the CLI's folder: the one in CDK8S_OUTDIR", () => {
    const folder = mkdtemp('cdk8s-');
    expect(cliHandoff(folder, { CDK8S_OUTDIR: folder })).toEqual({ kind: 'stream' });
    expect(cliHandoff(folder, { CDK8S_OUTDIR: mkdtemp('cdk8s-') })).toEqual({ kind: 'folder' });
    expect(cliHandoff(folder, {})).toEqual({ kind: 'folder' });
    const dist = path.join(mkdtemp('x-'), 'dist');
    expect(cliHandoff(dist, { CDK8S_OUTDIR: dist })).toEqual({ kind: 'folder' });
  });
});

test('ManifestApp.synthStream() writes the objects, in apply order, as one YAML stream and nothing else', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-'));
  try {
    expect(buildApp(outdir).synthStream()).toBe(ManifestApp.STREAM_FILE);
    expect(fs.readdirSync(outdir)).toEqual([ManifestApp.STREAM_FILE]);
    expect(documents(fs.readFileSync(path.join(outdir, ManifestApp.STREAM_FILE), 'utf-8'))).toEqual(distObjects());
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
