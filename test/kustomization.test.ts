// dist/ is consumed as it is by `kubectl apply -k`, Argo CD and Flux through its Kustomization
// file: it must list exactly the manifests of the folder, in apply order. And by `kubectl apply -f
// dist/`, which reads every .json, .yaml and .yml file of the folder as objects: those must be
// exactly the manifests, which the Kustomization (a file without an extension) is not.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { buildApp } from '../main';
import { AllowFrom, DisruptionBudget, ManifestApp, StatefulWeb } from '../lib';
import { temporaryFolders } from './helpers';
import { listManifestFiles } from '../lib/synth/manifest-app';
import { kindRank, legacyBefore } from '../lib/synth/apply-order';

const DIST = path.join(__dirname, '..', 'dist');
const tempDir = temporaryFolders('kustomization-');

function kustomizationOf(folder: string) {
  return parse(fs.readFileSync(path.join(folder, ManifestApp.KUSTOMIZATION_FILE), 'utf-8'));
}

/** The files of `folder` other than the Kustomization, in name order, which is apply order. */
function manifestFilesOf(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((file) => file !== ManifestApp.KUSTOMIZATION_FILE)
    .sort();
}

describe.each([
  ['the committed dist/', () => DIST],
  [
    'a fresh synth of the app',
    () => {
      const outdir = tempDir();
      buildApp(outdir).synth();
      return outdir;
    },
  ],
  [
    'a fresh synth of two charts, one with a namespace',
    () => {
      const app = new ManifestApp({ outdir: tempDir() });
      new StatefulWeb(new Chart(app, 'shop', { namespace: 'shop' }), 'web', {
        image: 'bitnami/nginx',
        replicas: 3,
        clientService: true,
        disruptionBudget: DisruptionBudget.maxUnavailable(1),
        networkPolicyAllowFrom: [AllowFrom.anywhere()],
      });
      new StatefulWeb(new Chart(app, 'blog'), 'blog', { image: 'bitnami/nginx' });
      app.synth();
      return app.outdir;
    },
  ],
])('the Kustomization of %s', (_, folderOf) => {
  const folder = folderOf();
  const kustomization = kustomizationOf(folder);

  test('is a Kustomization that lists exactly the manifests of the folder, in apply order', () => {
    expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
    expect(kustomization.kind).toBe('Kustomization');
    expect(kustomization.resources).toEqual(manifestFilesOf(folder));
    expect(kustomization.resources.length).toBeGreaterThan(0);
  });

  test('listManifestFiles (what the synth script, the upgrade guard and validate:dist read) finds the same files', () => {
    expect(listManifestFiles(folder)).toEqual(kustomization.resources);
  });

  test('sets no sortOptions (kubectl apply -k warns about them) and no namespace, so that `kubectl apply -n` and GitOps destinations still work', () => {
    expect(Object.keys(kustomization).sort()).toEqual(['apiVersion', 'kind', 'resources']);
  });

  test("kustomize's own order, which kubectl apply -k applies without sortOptions, applies the kinds in the files' order", () => {
    const objects = kustomization.resources.map((file: string) => parse(fs.readFileSync(path.join(folder, file), 'utf-8')));
    const legacy = [...objects].sort((a, b) => (legacyBefore(a, b) ? -1 : legacyBefore(b, a) ? 1 : 0));
    expect(legacy.map((o) => kindRank(o.kind))).toEqual(objects.map((o: any) => kindRank(o.kind)));
  });

  test('kubectl apply -f reads exactly the manifests: the files it reads hold only the objects', () => {
    // kubectl's file visitor (k8s.io/cli-runtime resource.FileExtensions) reads, in a folder, the
    // files ending in .json, .yaml or .yml, each as Kubernetes objects.
    const read = fs
      .readdirSync(folder)
      .filter((file) => ['.json', '.yaml', '.yml'].includes(path.extname(file)))
      .sort();
    expect(read).toEqual(kustomization.resources);
    for (const file of read) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf-8'))) {
        const object = doc.toJS();
        expect({ file, kind: object.kind, apiVersion: object.apiVersion, name: object.metadata?.name }).toEqual({
          file,
          kind: expect.any(String),
          apiVersion: expect.not.stringMatching(/^kustomize\./),
          name: expect.any(String),
        });
      }
    }
  });

  test('the Kustomization is named as kustomize, Argo CD and Flux recognize it, without an extension', () => {
    expect(fs.existsSync(path.join(folder, 'Kustomization'))).toBe(true);
    expect(fs.readdirSync(folder).filter((file) => /^kustomization\.ya?ml$/.test(file))).toEqual([]);
  });
});

test('synthFiles() returns the manifests that the Kustomization lists', () => {
  const outdir = tempDir();
  const files = buildApp(outdir).synthFiles();

  expect(kustomizationOf(outdir).resources).toEqual(files);
  expect(files).not.toContain(ManifestApp.KUSTOMIZATION_FILE);
});

test("a chart whose objects depend on another chart's comes after it, in the file names and the stream", () => {
  const app = new ManifestApp({ outdir: tempDir() });
  // Chart `a` is created first, but its ConfigMap depends on chart `b`'s Namespace, which the
  // kinds' order puts first anyway: no sortOptions.
  const a = new ApiObject(new Chart(app, 'a'), 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' } });
  const b = new ApiObject(new Chart(app, 'b'), 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } });
  a.addDependency(b);
  expect(app.synthFiles()).toEqual(['0-01-Namespace.b.k8s.yaml', '0-11-ConfigMap.b.a.k8s.yaml']);
  expect(kustomizationOf(app.outdir).sortOptions).toBeUndefined();
});

describe("a declared dependency against the kinds' order", () => {
  function synth(dependOn: 'object' | 'chart') {
    const app = new ManifestApp({ outdir: tempDir() });
    // The Deployment is created first; the ConfigMap (rank 11) must follow it (rank 19).
    const first = new Chart(app, 'app');
    const deployment = new ApiObject(first, 'deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' } });
    const later = dependOn === 'object' ? first : new Chart(app, 'later');
    const config = new ApiObject(later, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } });
    new ApiObject(later, 'other', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'free' } });
    if (dependOn === 'object') config.addDependency(deployment);
    else later.addDependency(first);
    return app;
  }

  test.each(['object', 'chart'] as const)(
    '(on an %s) puts the object on the next level, and the Kustomization keeps it with sortOptions fifo',
    (dependOn) => {
      const app = synth(dependOn);
      const files = app.synthFiles();
      expect(files).toEqual(
        dependOn === 'object'
          ? ['0-12-Secret.free.k8s.yaml', '0-19-Deployment.app.k8s.yaml', '1-11-ConfigMap.after.k8s.yaml']
          : ['0-19-Deployment.app.k8s.yaml', '1-11-ConfigMap.after.k8s.yaml', '1-12-Secret.free.k8s.yaml'],
      );
      expect(kustomizationOf(app.outdir)).toMatchObject({ resources: files, sortOptions: { order: 'fifo' } });
    },
  );
});

test('adding an object changes no other file: only its own file and the Kustomization', () => {
  const build = (extra: boolean) => {
    const app = new ManifestApp({ outdir: tempDir() });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new StatefulWeb(chart, 'web', { image: 'bitnami/nginx', clientService: true, disruptionBudget: DisruptionBudget.maxUnavailable(1) });
    // Inserted between the objects of the app, in construct order and in apply order (rank 11).
    if (extra) new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } });
    new StatefulWeb(new Chart(app, 'blog'), 'blog', { image: 'bitnami/nginx', networkPolicyAllowFrom: [AllowFrom.anywhere()] });
    app.synth();
    return Object.fromEntries(fs.readdirSync(app.outdir).map((file) => [file, fs.readFileSync(path.join(app.outdir, file), 'utf-8')]));
  };
  const before = build(false);
  const after = build(true);
  const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
  expect(changed.sort()).toEqual(['0-11-ConfigMap.shop.settings.k8s.yaml', 'Kustomization']);
  expect(Object.keys(before).filter((file) => !(file in after))).toEqual([]);
  // The new file is listed where it is applied: before the Services and StatefulSets.
  const { resources } = parse(after.Kustomization);
  expect(resources.slice(0, 2)).toEqual(['0-11-ConfigMap.shop.settings.k8s.yaml', '0-14-Service.blog-headless.k8s.yaml']);
  expect(resources).toEqual(
    Object.keys(after)
      .filter((file) => file !== 'Kustomization')
      .sort(),
  );
});
