// ManifestApp takes cdk8s's AppProps (cdk8s 2.70: outdir, outputFileExtension, yamlOutputType,
// recordConstructMetadata, resolvers): each is either done as cdk8s's App does it, or refused
// with a message that names it and says what to use instead. None is silently ignored.
import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, Chart, IResolver, ResolutionContext, YamlOutputType } from 'cdk8s';
import { parse } from 'yaml';
import { ManifestApp, StatefulWeb } from '../lib';
import { temporaryFolders } from './helpers';
import { WEB_EXAMPLE_PROPS } from '../main';

const tempDir = temporaryFolders('manifest-app-options-');

/** A ManifestApp with main.ts's example in a chart `web-example`. */
function example(props: AppProps = {}): ManifestApp {
  const app = new ManifestApp({ outdir: tempDir(), ...props });
  new StatefulWeb(new Chart(app, 'web-example'), 'web', WEB_EXAMPLE_PROPS);
  return app;
}

describe('yamlOutputType is refused, naming it and the alternatives', () => {
  test.each([
    { type: YamlOutputType.FILE_PER_APP, name: 'FILE_PER_APP' },
    { type: YamlOutputType.FILE_PER_CHART, name: 'FILE_PER_CHART' },
    { type: YamlOutputType.FILE_PER_RESOURCE, name: 'FILE_PER_RESOURCE' },
    { type: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, name: 'FOLDER_PER_CHART_FILE_PER_RESOURCE' },
  ])('YamlOutputType.$name', ({ type, name }) => {
    expect(() => new ManifestApp({ outdir: tempDir(), yamlOutputType: type })).toThrow(
      `ManifestApp: invalid yamlOutputType YamlOutputType.${name}: it must be unset. ManifestApp writes one file per object, ` +
        "numbered in apply order, and Kustomization; for all objects in one file, call synthStream(); for cdk8s's own layouts, use cdk8s's App.",
    );
  });
});

describe('recordConstructMetadata', () => {
  const saved = process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    else process.env.CDK8S_RECORD_CONSTRUCT_METADATA = saved;
  });

  const EXPECTED = {
    version: '1.0.0',
    resources: {
      nginx: { path: 'web-example/web/service' },
      web: { path: 'web-example/web/statefulset' },
    },
  };
  const metadataOf = (app: App) => JSON.parse(fs.readFileSync(path.join(app.outdir, ManifestApp.CONSTRUCT_METADATA_FILE), 'utf-8'));

  test("true: synth() writes construct-metadata.json as cdk8s's App does, beside the manifests", () => {
    delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    const app = example({ recordConstructMetadata: true });
    const files = app.synthFiles();
    expect(metadataOf(app)).toEqual(EXPECTED);
    expect(fs.readdirSync(app.outdir).sort()).toEqual(
      [...files, ManifestApp.CONSTRUCT_METADATA_FILE, ManifestApp.KUSTOMIZATION_FILE].sort(),
    );

    // The same content as cdk8s's App writes for the same constructs.
    const plain = new App({ outdir: tempDir(), recordConstructMetadata: true });
    new StatefulWeb(new Chart(plain, 'web-example'), 'web', WEB_EXAMPLE_PROPS);
    plain.synth();
    expect(metadataOf(app)).toEqual(metadataOf(plain));
  });

  test('true: synthStream() writes it too', () => {
    const app = example({ recordConstructMetadata: true });
    app.synthStream();
    expect(fs.readdirSync(app.outdir).sort()).toEqual([ManifestApp.STREAM_FILE, ManifestApp.CONSTRUCT_METADATA_FILE].sort());
    expect(metadataOf(app)).toEqual(EXPECTED);
  });

  test('unset: from CDK8S_RECORD_CONSTRUCT_METADATA=true, as cdk8s synth sets it for validation plugins', () => {
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    const app = example();
    app.synth();
    expect(metadataOf(app)).toEqual(EXPECTED);
  });

  test('unset, without the variable, or false (whatever the variable): not written', () => {
    delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    const unset = example();
    unset.synth();
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    const off = example({ recordConstructMetadata: false });
    off.synth();
    for (const app of [unset, off]) expect(fs.readdirSync(app.outdir)).not.toContain(ManifestApp.CONSTRUCT_METADATA_FILE);
  });
});

test("resolvers replace values in the manifests, as in cdk8s's App", () => {
  const replicas: IResolver = {
    resolve(context: ResolutionContext) {
      if (context.key.join('.') === 'spec.replicas' && context.value !== 5) context.replaceValue(5);
    },
  };
  const app = example({ resolvers: [replicas] });
  const files = app.synthFiles();
  const statefulSet = parse(
    fs.readFileSync(
      path.join(
        app.outdir,
        files.find((f) => f.includes('StatefulSet'))!,
      ),
      'utf-8',
    ),
  );
  expect(statefulSet.spec.replicas).toBe(5);
});

test('outputFileExtension names the manifest files, which the Kustomization lists, and the stream file', () => {
  const app = example({ outputFileExtension: '.yaml' });
  const files = app.synthFiles();
  expect(files).toEqual(['0-14-Service.nginx.yaml', '0-20-StatefulSet.web.yaml']);
  expect(parse(fs.readFileSync(path.join(app.outdir, ManifestApp.KUSTOMIZATION_FILE), 'utf-8')).resources).toEqual(files);

  const stream = example({ outputFileExtension: '.yaml' });
  expect(stream.synthStream()).toBe('app.yaml');
  expect(fs.readdirSync(stream.outdir)).toEqual(['app.yaml']);
});

test('outdir is where it writes', () => {
  const outdir = path.join(tempDir(), 'nested', 'out');
  const app = example({ outdir });
  app.synth();
  expect(fs.readdirSync(outdir)).toContain(ManifestApp.KUSTOMIZATION_FILE);
});
