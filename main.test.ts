import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { WebExampleChart, buildApp } from './main';
import { onlyOfKind, synth } from './test/helpers';

describe('the example app', () => {
  test('snapshot', () => {
    const chart = new WebExampleChart(Testing.app(), 'web-example');
    expect(synth(chart)).toMatchSnapshot();
  });

  test('reproduces every field of the classic Service and StatefulSet', () => {
    const fixture = fs.readFileSync(path.join(__dirname, 'test', 'fixtures', 'classic-example.yaml'), 'utf-8');
    const expected = parseAllDocuments(fixture).map((doc) => doc.toJS());
    const manifests = synth(new WebExampleChart(Testing.app(), 'web-example'));

    expect(manifests.map((m) => m.kind)).toEqual(['Service', 'StatefulSet']);
    for (const want of expected) {
      // toMatchObject: every field of the fixture must be there with the same value (arrays
      // element by element, same length); the construct may add fields.
      expect(onlyOfKind(manifests, want.kind)).toMatchObject(want);
    }
  });
});

describe('synthesis to a folder', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-'));
  });
  afterEach(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('writes one file per object, the Service first, with stable names', () => {
    buildApp(outdir).synth();

    expect(fs.readdirSync(outdir).sort()).toEqual(['0-14-Service.nginx.k8s.yaml', '0-20-StatefulSet.web.k8s.yaml', 'Kustomization']);
  });

  test('two runs give identical bytes', () => {
    const second = `${outdir}-second`;
    try {
      buildApp(outdir).synth();
      buildApp(second).synth();

      for (const file of fs.readdirSync(outdir)) {
        // As latin1 strings (one character per byte): toEqual walks a Buffer index by index, slowly.
        expect(fs.readFileSync(path.join(second, file), 'latin1')).toEqual(fs.readFileSync(path.join(outdir, file), 'latin1'));
      }
      expect(fs.readdirSync(second)).toEqual(fs.readdirSync(outdir));
    } finally {
      fs.rmSync(second, { recursive: true, force: true });
    }
  });

  test('dist/ holds what the app synthesizes now', () => {
    buildApp(outdir).synth();
    const dist = path.join(__dirname, 'dist');

    expect(fs.readdirSync(dist).sort()).toEqual(fs.readdirSync(outdir).sort());
    for (const file of fs.readdirSync(outdir)) {
      expect(fs.readFileSync(path.join(dist, file), 'utf-8')).toEqual(fs.readFileSync(path.join(outdir, file), 'utf-8'));
    }
  });
});
