// `cdk8s synth --format helm --chart-version 1.0.0` hands the output on as a Helm chart: the CLI
// deletes the output folder, writes Chart.yaml and README.md there, and runs the app with
// CDK8S_OUTDIR set to its templates/ folder, every file of which Helm renders as objects.
// ManifestApp recognizes that folder: it writes the manifest files alone (no Kustomization), and
// the upgrade guard compares them with the output that was there (as committed, since the CLI
// deleted it), in either layout; a plain synth after a Helm one compares with the Helm files.
// `helm lint` and `helm template` on the chart run in the cluster tests, with a helm built there.
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { ManifestApp, StatefulWeb, StatefulWebProps } from '../lib';
import { SynthesizeResult } from '../lib/synth/safe-synth';
import { escapeForHelm, unescapeFromHelm } from '../lib/synth/helm-text';
import { listManifestFiles } from '../lib/synth/manifest-app';
import { WEB_EXAMPLE_PROPS } from '../main';
import { temporaryFolders } from './helpers';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const CDK8S = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
const tempDir = temporaryFolders('helm-');

/** The objects of dist/'s manifest files, in apply order. */
function distObjects(): unknown[] {
  return listManifestFiles(DIST).map((file) => parse(fs.readFileSync(path.join(DIST, file), 'utf-8')));
}

/** Every file under `dir`, path to text (empty when it does not exist). */
function snapshot(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf-8' })
      .sort()
      .filter((file) => fs.statSync(path.join(dir, file)).isFile())
      .map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf-8')]),
  );
}

// Runs the cdk8s CLI and the app in a second Node process: on a busy machine that takes longer
// than Jest's 5 s default, and the test failed by chance.
test('npx cdk8s synth --format helm writes a chart whose templates/ holds only the objects of dist/', async () => {
  const chart = path.join(tempDir(), 'chart');
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.CDK8S_OUTDIR;
  delete env.CDK8S_RECORD_CONSTRUCT_METADATA;

  await promisify(execFile)(process.execPath, [CDK8S, 'synth', '--format', 'helm', '--chart-version', '1.0.0', '--output', chart], {
    cwd: ROOT,
    env,
    encoding: 'utf-8',
  });

  expect(parse(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf-8'))).toMatchObject({ apiVersion: 'v2', version: '1.0.0' });
  const templates = fs.readdirSync(path.join(chart, 'templates')).sort();
  expect(templates).toEqual(listManifestFiles(DIST));
  const objects = templates.flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(chart, 'templates', file), 'utf-8')).map((d) => d.toJS()),
  );
  expect(objects).toEqual(distObjects());
  expect(objects.map((o: any) => o.kind)).not.toContain('Kustomization');
}, 120_000);

/** An app like main.ts's, with some props changed, writing to `outdir`. */
function example(outdir: string, props: Partial<StatefulWebProps> = {}): ManifestApp {
  const app = new ManifestApp({ outdir });
  new StatefulWeb(new Chart(app, 'web-example'), 'web', { ...WEB_EXAMPLE_PROPS, ...props });
  return app;
}

/** What the cdk8s CLI does for --format helm before it runs the app: delete the folder, write the chart's files. */
function scaffoldChart(chart: string): void {
  fs.rmSync(chart, { recursive: true, force: true });
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: "v2"\nname: "web"\nversion: "1.0.0"\n');
  fs.writeFileSync(path.join(chart, 'README.md'), 'This Helm chart is generated using cdk8s.\n');
}

/** The app run as the CLI runs it for --format helm, into `chart`/templates. */
function helmSynth(chart: string, props: Partial<StatefulWebProps> = {}): SynthesizeResult {
  const templates = path.join(chart, 'templates');
  return example(templates, props)._synthesize({ env: { CDK8S_OUTDIR: templates } });
}

/** The app run as `cdk8s synth` runs it, into `dist`. */
function plainSynth(dist: string, props: Partial<StatefulWebProps> = {}): SynthesizeResult {
  return example(dist, props)._synthesize({ env: { CDK8S_OUTDIR: dist } });
}

describe("in the CLI's Helm chart folder", () => {
  test('ManifestApp writes the manifests alone into templates/, and leaves Chart.yaml', () => {
    const chart = path.join(tempDir(), 'dist');
    scaffoldChart(chart);

    const result = helmSynth(chart);

    expect(result).toMatchObject({
      written: true,
      files: ['templates/0-14-Service.nginx.k8s.yaml', 'templates/0-20-StatefulSet.web.k8s.yaml'],
    });
    expect(Object.keys(snapshot(chart))).toEqual(['Chart.yaml', 'README.md', ...result.files]);
    expect(fs.readdirSync(path.dirname(chart))).toEqual(['dist']); // no staging folder left
  });

  test('a templates/ folder without Chart.yaml beside it is a plain folder: the Kustomization is written', () => {
    const templates = path.join(tempDir(), 'templates');
    expect(example(templates)._synthesize({ env: { CDK8S_OUTDIR: templates } }).files).toContain(ManifestApp.KUSTOMIZATION_FILE);
  });
});

describe('a {{ in a value, which Helm would read as a template action', () => {
  const claimAnnotations = { 'example.com/template': 'Hello {{ .Name }}' };

  test('is written in templates/ as the action {{ "{{" }}, which Helm renders as {{', () => {
    const chart = path.join(tempDir(), 'dist');
    scaffoldChart(chart);
    helmSynth(chart, { claimAnnotations });
    const text = fs.readFileSync(path.join(chart, 'templates', '0-20-StatefulSet.web.k8s.yaml'), 'utf-8');
    expect(text).toContain('example.com/template: Hello {{ "{{" }} .Name }}');
    expect(parse(unescapeFromHelm(text)).spec.volumeClaimTemplates[0].metadata.annotations).toEqual(claimAnnotations);
  });

  test('is written as it is in a plain folder', () => {
    const dist = tempDir();
    plainSynth(dist, { claimAnnotations });
    expect(fs.readFileSync(path.join(dist, '0-20-StatefulSet.web.k8s.yaml'), 'utf-8')).toContain('example.com/template: Hello {{ .Name }}');
  });

  test('the guard reads the chart as Helm renders it: the same claim template is no change', () => {
    const chart = path.join(tempDir(), 'dist');
    scaffoldChart(chart);
    expect(helmSynth(chart, { claimAnnotations }).written).toBe(true);
    // Synthesized again over its own output: the claim template is the same.
    expect(helmSynth(chart, { claimAnnotations })).toMatchObject({ written: true, changes: [] });
  });

  test('escapeForHelm and unescapeFromHelm undo each other, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '"', ' ', 'a', '{{', '{{ "{{" }}') }), (text) => {
        expect(unescapeFromHelm(escapeForHelm(text))).toBe(text);
        expect(escapeForHelm(text).split('{{').length - 1).toBe(2 * (text.split('{{').length - 1));
      }),
    );
  });
});

const git = (cwd: string, args: string[]) =>
  spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf-8',
  });
const gitMissing = spawnSync('git', ['--version']).error !== undefined;

(gitMissing ? describe.skip : describe)('the upgrade guard with a Helm chart: never left off', () => {
  let repo: string;
  let dist: string;
  const commit = () => {
    for (const args of [
      ['add', '-A'],
      ['commit', '-q', '-m', 'dist'],
    ])
      expect(git(repo, args)).toMatchObject({ status: 0 });
  };
  beforeEach(() => {
    repo = tempDir();
    dist = path.join(repo, 'dist');
    expect(git(repo, ['init', '-q'])).toMatchObject({ status: 0 });
  });

  test('--format helm compares with the plain output as committed, and a refusal puts it back', () => {
    expect(plainSynth(dist).written).toBe(true);
    commit();
    const committed = snapshot(dist);
    scaffoldChart(dist);

    const result = helmSynth(dist, { volumeName: 'data' });

    expect(result).toMatchObject({ written: false, restoredFromGit: true });
    expect(result.baseline).toBe(`${result.display}/ as committed (git HEAD), because ${result.display}/ was without manifests`);
    expect(result.changes.map((c) => c.field)).toEqual(['spec.volumeClaimTemplates[www].metadata.name']);
    expect(snapshot(dist)).toEqual(committed);
  });

  test('--format helm compares with a Helm chart as committed', () => {
    scaffoldChart(dist);
    expect(helmSynth(dist).written).toBe(true);
    commit();
    const committed = snapshot(dist);
    scaffoldChart(dist);

    expect(helmSynth(dist, { serviceName: 'nginx2' })).toMatchObject({ written: false, restoredFromGit: true });
    expect(snapshot(dist)).toEqual(committed);
    scaffoldChart(dist);
    expect(helmSynth(dist, { replicas: 3 })).toMatchObject({ written: true, changes: [] });
  });

  test('a plain synth after a Helm one compares with the Helm files, and then writes the plain layout', () => {
    scaffoldChart(dist);
    expect(helmSynth(dist).written).toBe(true);
    const helmOutput = snapshot(dist);

    const refused = plainSynth(path.join(repo, 'dist'), { serviceName: 'nginx2' });
    expect(refused).toMatchObject({ written: false, restoredFromGit: false });
    expect(refused.baseline).toContain('the output already there');
    expect(snapshot(dist)).toEqual(helmOutput);

    const written = plainSynth(dist);
    expect(written).toMatchObject({ written: true, changes: [] });
    expect(Object.keys(snapshot(dist))).toEqual(['0-14-Service.nginx.k8s.yaml', '0-20-StatefulSet.web.k8s.yaml', 'Kustomization']);
  });
});
