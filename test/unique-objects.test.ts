// Two objects of one app with the same API group, kind, namespace and name are one object on the
// cluster: the one applied last replaces the other. Synthesis refuses them, naming both construct
// paths, in a plain cdk8s App (StatefulWeb's objects, through the app-wide validation every
// StatefulWeb registers with) and in a ManifestApp (every object of the app).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { KubeService } from '../imports/k8s';
import { ManifestApp, StatefulWeb } from '../lib';
import { STATEFUL_WEB_RULES } from '../lib/validation/rules';
import { WEB_EXAMPLE_PROPS } from '../main';
import { synthErrors } from './helpers';

const RULE = STATEFUL_WEB_RULES.uniqueObjects;
const at = (message: string) => `[stateful-web-unique-objects] ${RULE} Found: ${message}.`;

function web(chart: Chart, id = 'web') {
  return new StatefulWeb(chart, id, WEB_EXAMPLE_PROPS);
}

describe('in a plain cdk8s App', () => {
  test('two StatefulWebs with the same names in two charts without a namespace are refused, naming both paths', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    web(a);
    web(new Chart(app, 'b'));

    expect(synthErrors(a)).toEqual([
      at('Service "nginx" without a namespace, defined by both "a/web/service" and "b/web/service"'),
      at('StatefulSet.apps "web" without a namespace, defined by both "a/web/statefulset" and "b/web/statefulset"'),
    ]);
  });

  test('app.synth() refuses them too', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'unique-')) });
    try {
      web(new Chart(app, 'a', { namespace: 'shop' }));
      web(new Chart(app, 'b', { namespace: 'shop' }));
      expect(() => app.synth()).toThrow(at('Service "nginx" in namespace "shop", defined by both "a/web/service" and "b/web/service"'));
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  test('the same names in two namespaces are two objects', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'shop' });
    web(a);
    web(new Chart(app, 'b', { namespace: 'blog' }));
    expect(synthErrors(a)).toEqual([]);
  });

  test("an object without metadata.namespace takes its chart's namespace", () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'shop' });
    web(a);
    new KubeService(new Chart(app, 'b'), 'other', { metadata: { name: 'nginx', namespace: 'shop' }, spec: { clusterIp: 'None' } });
    expect(synthErrors(a)).toEqual([at('Service "nginx" in namespace "shop", defined by both "a/web/service" and "b/other"')]);
  });

  test("any other ApiObject of the app that is one of a StatefulWeb's objects is refused", () => {
    const app = Testing.app();
    const chart = new Chart(app, 'a');
    new KubeService(chart, 'first', { metadata: { name: 'nginx' } });
    web(chart);
    expect(synthErrors(chart)).toEqual([at('Service "nginx" without a namespace, defined by both "a/first" and "a/web/service"')]);
  });

  test('the API group counts, not the version', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'a');
    web(chart);
    new ApiObject(chart, 'other-group', { apiVersion: 'example.com/v1', kind: 'StatefulSet', metadata: { name: 'web' } });
    new ApiObject(chart, 'core-kind', { apiVersion: 'v1', kind: 'StatefulSet', metadata: { name: 'web' } });
    expect(synthErrors(chart)).toEqual([]);

    new ApiObject(chart, 'old-version', { apiVersion: 'apps/v1beta2', kind: 'StatefulSet', metadata: { name: 'web' } });
    expect(synthErrors(chart)).toEqual([
      at('StatefulSet.apps "web" without a namespace, defined by both "a/web/statefulset" and "a/old-version"'),
    ]);
  });
});

describe('in a ManifestApp', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const manifestApp = () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unique-')), 'dist');
    outdirs.push(path.dirname(outdir));
    return new ManifestApp({ outdir });
  };

  test("any two objects of the app are refused, StatefulWeb's or not, and nothing is written", () => {
    const app = manifestApp();
    const chart = new Chart(app, 'a', { namespace: 'shop' });
    new ApiObject(chart, 'one', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    new ApiObject(new Chart(app, 'b'), 'two', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' } });

    const message = `ManifestApp: ${RULE} Found: ConfigMap "settings" in namespace "shop", defined by both "a/one" and "b/two".`;
    expect(() => app.synth()).toThrow(message);
    expect(() => app.synthStream()).toThrow(message);
    expect(fs.existsSync(app.outdir)).toBe(false);
  });

  test('two StatefulWebs with the same names are refused, naming both paths', () => {
    const app = manifestApp();
    web(new Chart(app, 'a'));
    web(new Chart(app, 'b'));
    expect(() => app.synth()).toThrow(
      `ManifestApp: ${RULE} Found: Service "nginx" without a namespace, defined by both "a/web/service" and "b/web/service".\n` +
        `ManifestApp: ${RULE} Found: StatefulSet.apps "web" without a namespace, defined by both "a/web/statefulset" and "b/web/statefulset".`,
    );
  });

  test('the same names in two namespaces synthesize', () => {
    const app = manifestApp();
    web(new Chart(app, 'a', { namespace: 'shop' }));
    web(new Chart(app, 'b', { namespace: 'blog' }));
    expect(app.synthFiles()).toHaveLength(4);
  });
});
