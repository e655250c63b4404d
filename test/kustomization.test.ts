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

const DIST = path.join(__dirname, '..', 'dist');
const tempDir = temporaryFolders('kustomization-');

function kustomizationOf(folder: string) {
  return parse(fs.readFileSync(path.join(folder, ManifestApp.KUSTOMIZATION_FILE), 'utf-8'));
}

/** The files of `folder` other than the Kustomization, in name order, which is apply order. */
function manifestFilesOf(folder: string): string[] {
  return fs.readdirSync(folder).filter((file) => file !== ManifestApp.KUSTOMIZATION_FILE).sort();
}

describe.each([
  ['the committed dist/', () => DIST],
  ['a fresh synth of the app', () => {
    const outdir = tempDir();
    buildApp(outdir).synth();
    return outdir;
  }],
  ['a fresh synth of two charts, one with a namespace', () => {
    const app = new ManifestApp({ outdir: tempDir() });
    new StatefulWeb(new Chart(app, 'shop', { namespace: 'shop' }), 'web', {
      image: 'bitnami/nginx', replicas: 3, clientService: true,
      disruptionBudget: DisruptionBudget.maxUnavailable(1), networkPolicyAllowFrom: [AllowFrom.anywhere()],
    });
    new StatefulWeb(new Chart(app, 'blog'), 'blog', { image: 'bitnami/nginx' });
    app.synth();
    return app.outdir;
  }],
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

  test('keeps that order (fifo) and sets no namespace, so that `kubectl apply -n` and GitOps destinations still work', () => {
    expect(kustomization.sortOptions).toEqual({ order: 'fifo' });
    expect(Object.keys(kustomization).sort()).toEqual(['apiVersion', 'kind', 'resources', 'sortOptions']);
  });

  test('kubectl apply -f reads exactly the manifests: the files it reads hold only the objects', () => {
    // kubectl's file visitor (k8s.io/cli-runtime resource.FileExtensions) reads, in a folder, the
    // files ending in .json, .yaml or .yml, each as Kubernetes objects.
    const read = fs.readdirSync(folder).filter((file) => ['.json', '.yaml', '.yml'].includes(path.extname(file))).sort();
    expect(read).toEqual(kustomization.resources);
    for (const file of read) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(folder, file), 'utf-8'))) {
        const object = doc.toJS();
        expect({ file, kind: object.kind, apiVersion: object.apiVersion, name: object.metadata?.name })
          .toEqual({ file, kind: expect.any(String), apiVersion: expect.not.stringMatching(/^kustomize\./), name: expect.any(String) });
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

test('a chart whose objects depend on another chart\'s comes after it, in the file numbers and the stream', () => {
  const app = new ManifestApp({ outdir: tempDir() });
  // Chart `a` is created first, but its ConfigMap depends on chart `b`'s Namespace.
  const a = new ApiObject(new Chart(app, 'a'), 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' } });
  const b = new ApiObject(new Chart(app, 'b'), 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } });
  a.addDependency(b);
  expect(app.synthFiles()).toEqual(['0000-Namespace.b.k8s.yaml', '0001-ConfigMap.a.k8s.yaml']);
});
