// Every usual hand-off of the output, against the real API server, each into its own namespace:
// `kubectl apply -f dist/`, `kubectl apply -k dist/`, `helm template` of `cdk8s synth --format
// helm` piped to `kubectl apply -f -` (after `helm lint`), and the GitOps path, the folder read as
// Argo CD and Flux read it. Each must apply exactly the objects of dist/'s manifest files: no
// Kustomization sent as an object, nothing missing.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Chart } from 'cdk8s';
import { ManifestApp, StatefulWeb } from '../../lib';
import { WEB_EXAMPLE_PROPS } from '../../main';
import { listManifestFiles } from '../../lib/synth/manifest-app';
import { getJson, helmBinary, kubectl, kubectlResult, KubeObject, namespacesDeletedAfterAll, requireCluster, ROOT } from './kube';

const DIST = path.join(ROOT, 'dist');
const CDK8S = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');

/** The objects of dist/'s manifest files, as `<resource>/<name>` the way kubectl names them in its output. */
function distObjects(): KubeObject[] {
  return listManifestFiles(DIST).flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(DIST, file), 'utf-8')).map((d) => d.toJS()));
}
const resourceName = (o: KubeObject) => `${o.kind === 'StatefulSet' ? 'statefulset.apps' : o.kind.toLowerCase()}/${o.metadata.name}`;

/** What kubectl apply reports, one `<resource>/<name> <verb>` per line, as `<resource>/<name>`, sorted. */
function applied(output: string): string[] {
  return output
    .trim()
    .split('\n')
    .map((line) => line.split(' ')[0])
    .sort();
}

/** The objects of dist/ as the server holds them in `namespace`: each exists, with the spec of its file. */
function expectOnServer(namespace: string): void {
  for (const object of distObjects()) {
    const live = getJson([object.kind.toLowerCase(), object.metadata.name, '-n', namespace]);
    expect(live.metadata.labels).toEqual(object.metadata.labels);
    if (object.kind === 'StatefulSet') {
      expect(live.spec.selector).toEqual(object.spec.selector);
      expect(live.spec.serviceName).toBe(object.spec.serviceName);
      expect(live.spec.volumeClaimTemplates.map((t: KubeObject) => t.metadata.name)).toEqual(
        object.spec.volumeClaimTemplates.map((t: KubeObject) => t.metadata.name),
      );
    }
  }
}

let work: string;
beforeAll(() => {
  requireCluster();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'handoffs-'));
});
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});
const namespace = namespacesDeletedAfterAll();

const expected = () => distObjects().map(resourceName).sort();

test('kubectl apply -f dist/ applies exactly the objects of the manifest files', () => {
  const ns = namespace('apply-f');
  const output = kubectl(['apply', '-f', DIST, '-n', ns]);
  expect(applied(output)).toEqual(expected());
  expect(output).not.toMatch(/kustomiz/i);
  expectOnServer(ns);
});

test('kubectl apply -k dist/ applies the same objects, and prints nothing on stderr (no sortOptions warning)', () => {
  const ns = namespace('apply-k');
  const result = kubectlResult(['apply', '-k', DIST, '-n', ns]);
  expect({ ok: result.ok, stderr: result.stderr }).toEqual({ ok: true, stderr: '' });
  expect(applied(result.stdout)).toEqual(expected());
  expectOnServer(ns);
});

test('cdk8s synth --format helm: helm lint passes, and helm template | kubectl apply -f - applies the same objects', () => {
  const chart = path.join(work, 'chart');
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.CDK8S_OUTDIR;
  execFileSync(process.execPath, [CDK8S, 'synth', '--format', 'helm', '--chart-version', '1.0.0', '--output', chart], { cwd: ROOT, env });
  const helm = helmBinary();

  const lint = spawnSync(helm, ['lint', chart], { encoding: 'utf-8' });
  expect({ status: lint.status, out: lint.stdout + lint.stderr }).toMatchObject({
    status: 0,
    out: expect.stringContaining('0 chart(s) failed'),
  });
  const ns = namespace('helm');
  const rendered = execFileSync(helm, ['template', 'web', chart, '--namespace', ns], { encoding: 'utf-8' });
  const objects = parseAllDocuments(rendered)
    .map((d) => d.toJS())
    .filter(Boolean);
  expect(objects.map(resourceName).sort()).toEqual(expected());

  expect(applied(kubectl(['apply', '-n', ns, '-f', '-'], rendered))).toEqual(expected());
  expectOnServer(ns);
});

test('a value with {{ goes through helm template as written', () => {
  // A chart like main.ts's with an annotation that Helm would read as a template action.
  const chart = path.join(work, 'braces');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: braces\nversion: 1.0.0\n');
  const templates = path.join(chart, 'templates');
  const app = new ManifestApp({ outdir: templates });
  const annotation = 'Hello {{ .Name }} and {{- "x" -}} }}';
  new StatefulWeb(new Chart(app, 'braces'), 'web', { ...WEB_EXAMPLE_PROPS, podAnnotations: { 'example.com/template': annotation } });
  expect(app._synthesize({ env: { CDK8S_OUTDIR: templates } }).written).toBe(true);

  const ns = namespace('helm-braces');
  const rendered = execFileSync(helmBinary(), ['template', 'web', chart, '--namespace', ns], { encoding: 'utf-8' });
  const statefulSet = parseAllDocuments(rendered)
    .map((d) => d.toJS())
    .find((o) => o?.kind === 'StatefulSet');
  expect(statefulSet.spec.template.metadata.annotations['example.com/template']).toBe(annotation);
  kubectl(['apply', '-n', ns, '-f', '-'], rendered);
  expect(getJson(['statefulset', 'web', '-n', ns]).spec.template.metadata.annotations['example.com/template']).toBe(annotation);
});

// Argo CD: a source path holding one of kustomize's file names is rendered with `kustomize build`
// (util/app/discovery/discovery.go, util/kustomize/kustomize.go KustomizationNames); Flux's
// kustomize-controller builds a path holding one of them (fluxcd/pkg kustomize generator,
// konfig.RecognizedKustomizationFileNames()) and applies it server-side. Both read the folder as
// committed: `git archive` gives it as a checkout would.
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

describe('the GitOps path: the committed dist/, rendered with kubectl kustomize', () => {
  let folder: string;
  let rendered: string;
  beforeAll(() => {
    const checkout = path.join(work, 'checkout');
    fs.mkdirSync(checkout);
    execFileSync('bash', ['-c', 'git -C "$1" archive HEAD dist | tar -x -C "$2"', 'archive', ROOT, checkout]);
    folder = path.join(checkout, 'dist');
    rendered = kubectl(['kustomize', folder]);
  });

  test("is detected as a kustomization by Argo CD and Flux: exactly one of kustomize's file names", () => {
    expect(fs.readdirSync(folder).filter((file) => KUSTOMIZATION_NAMES.includes(file))).toEqual([ManifestApp.KUSTOMIZATION_FILE]);
    expect(parseAllDocuments(rendered).map((d) => resourceName(d.toJS()))).toEqual(distObjects().map(resourceName));
  });

  test('as Argo CD applies it (kubectl apply, into the destination namespace)', () => {
    const ns = namespace('argocd');
    expect(applied(kubectl(['apply', '-n', ns, '-f', '-'], rendered))).toEqual(expected());
    expectOnServer(ns);
  });

  test('as Flux applies it (server-side apply, field manager kustomize-controller, into targetNamespace)', () => {
    const ns = namespace('flux');
    const output = kubectl(['apply', '--server-side', '--field-manager=kustomize-controller', '-n', ns, '-f', '-'], rendered);
    expect(applied(output)).toEqual(expected());
    expectOnServer(ns);
  });
});
