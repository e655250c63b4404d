// A ManifestApp synth renders each StatefulWeb object once, for the rules and the output; every
// other rendering, and every later synth, renders afresh (lib/render-once.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { EnvValue, ManifestApp, StatefulWeb, StatefulWebProps } from '../lib';

const EXAMPLE: StatefulWebProps = { image: 'bitnami/nginx', serviceName: 'nginx', labels: { app: 'nginx' } };

let outdir: string;
beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-once-')); });
afterEach(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

function readFile(file: string): string {
  return fs.readFileSync(path.join(outdir, file), 'utf-8');
}

test('a ManifestApp synth of two charts renders every object once', () => {
  // ManifestObject.toJson() renders through ApiObject's: the spy counts renderings, not calls.
  const renderings = jest.spyOn(ApiObject.prototype, 'toJson');
  const app = new ManifestApp({ outdir });
  const webs = [
    new StatefulWeb(new Chart(app, 'one'), 'web', EXAMPLE),
    new StatefulWeb(new Chart(app, 'two'), 'db', { ...EXAMPLE, serviceName: 'db', labels: { app: 'db' } }),
  ];
  // Patched, so that validation runs every rule and renders every object.
  for (const web of webs) web.service.addJsonPatch(JsonPatch.add('/spec/publishNotReadyAddresses', false));

  expect(app.synthFiles()).toHaveLength(4);

  // Without it, 3 renderings of each: every chart.toJson() validates both charts, then renders its own.
  const rendered = (kind: string) => renderings.mock.instances.filter((object) => (object as ApiObject).kind === kind);
  expect(rendered('Service')).toHaveLength(2);
  expect(rendered('StatefulSet')).toHaveLength(2);
});

test('a change after a ManifestApp synth is in the next synth', () => {
  const app = new ManifestApp({ outdir });
  const web = new StatefulWeb(new Chart(app, 'one'), 'web', EXAMPLE);
  const [, statefulSetFile] = app.synthFiles();
  expect(readFile(statefulSetFile)).not.toContain('GREETING');

  web.addEnv('GREETING', EnvValue.fromValue('hello'));
  app.synthFiles();

  expect(readFile(statefulSetFile)).toContain('GREETING');
});

test('outside a ManifestApp synth, every toJson() renders afresh', () => {
  const chart = new Chart(Testing.app(), 'one');
  const web = new StatefulWeb(chart, 'web', EXAMPLE);
  const before = web.statefulSet.toJson();

  web.addEnv('GREETING', EnvValue.fromValue('hello'));

  expect(web.statefulSet.toJson()).not.toEqual(before);
  expect(web.statefulSet.toJson().spec.template.spec.containers[0].env).toEqual([{ name: 'GREETING', value: 'hello' }]);
});
