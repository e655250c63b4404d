// The synth-time rules run once per StatefulWeb per synthesis, however many charts the app has
// (cdk8s validates the whole app once per chart), and still see every escape-hatch edit made
// between two syntheses (lib/validation/once-per-synthesis.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { ManifestApp, StatefulWeb } from '../lib';
import { WEB_EXAMPLE_PROPS } from '../main';

/** An app of `charts` charts, one StatefulWeb each, and a count of the renderings of each StatefulSet. */
function appOfCharts<A extends App>(app: A, charts: number) {
  const renderings: number[] = [];
  const webs: StatefulWeb[] = [];
  for (let i = 0; i < charts; i++) {
    const web = new StatefulWeb(new Chart(app, `chart-${i}`), 'web', {
      ...WEB_EXAMPLE_PROPS,
      name: `web-${i}`,
      serviceName: `web-${i}-headless`,
    });
    const render = web.statefulSet.toJson.bind(web.statefulSet);
    renderings.push(0);
    jest.spyOn(web.statefulSet, 'toJson').mockImplementation(() => {
      renderings[i]++;
      return render();
    });
    webs.push(web);
  }
  return { app, webs, renderings };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'synthesis-test-'));

// The last column: how often the first chart's objects are rendered for the output (ManifestApp
// renders the first chart once more, to read the charts' order).
describe.each([
  [
    'App.synthYaml()',
    () => new App(),
    (app: App) => {
      app.synthYaml();
    },
    1,
  ],
  ['App.synth()', () => new App({ outdir: tempDir() }), (app: App) => app.synth(), 1],
  ['ManifestApp.synth()', () => new ManifestApp({ outdir: tempDir() }), (app: App) => app.synth(), 2],
  [
    'ManifestApp.synthStream()',
    () => new ManifestApp({ outdir: tempDir() }),
    (app: App) => {
      (app as ManifestApp).synthStream();
    },
    2,
  ],
])('%s', (_, makeApp, synthesize, firstChartOutputs) => {
  test('renders each StatefulSet once for the rules, and for the output only, with 5 charts as with 1', () => {
    for (const charts of [1, 5]) {
      const { app, renderings } = appOfCharts(makeApp(), charts);
      synthesize(app);
      expect(renderings).toEqual(renderings.map((_n, i) => 1 + (i === 0 ? firstChartOutputs : 1)));
    }
  });

  test('an escape-hatch edit between two syntheses is seen by the second', () => {
    const { app, webs } = appOfCharts(makeApp(), 3);
    synthesize(app);
    webs[2].statefulSet.addJsonPatch(JsonPatch.replace('/spec/serviceName', 'nowhere'));
    expect(() => synthesize(app)).toThrow(/\[chart-2\/web\] The StatefulSet's spec.serviceName must name a headless Service/);
  });

  test("an object added between two syntheses with the identity of a StatefulWeb's is refused by the second", () => {
    const { app } = appOfCharts(makeApp(), 2);
    synthesize(app);
    new ApiObject(new Chart(app, 'late'), 'twin', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web-1' } });
    expect(() => synthesize(app)).toThrow(/No two objects of an app may have the same API group, kind, namespace and name/);
  });
});

test('outside a synthesis, every validation checks afresh: chart.toJson() after an edit sees it', () => {
  const app = new App();
  const chart = new Chart(app, 'chart');
  const web = new StatefulWeb(chart, 'web', WEB_EXAMPLE_PROPS);
  chart.toJson();
  web.service.addJsonPatch(JsonPatch.replace('/spec/clusterIP', '10.0.0.1'));
  expect(() => chart.toJson()).toThrow(/names a Service with clusterIP "10.0.0.1"/);
});

// cdk8s's chart.toJson() validates the whole app and resolves its dependencies again for every
// chart (N + 1 passes for N charts); ManifestApp makes that pass once (lib/synth/apply-order.ts).
test.each([
  ['ManifestApp.synth()', (app: ManifestApp) => app.synth()],
  [
    'ManifestApp.synthStream()',
    (app: ManifestApp) => {
      app.synthStream();
    },
  ],
])('%s validates the whole app once, with 5 charts as with 1, and writes the same objects as the charts render', (_, synthesize) => {
  for (const charts of [1, 5]) {
    const app = new ManifestApp({ outdir: tempDir() });
    let validations = 0;
    for (let i = 0; i < charts; i++) {
      const chart = new Chart(app, `chart-${i}`);
      new StatefulWeb(chart, 'web', { ...WEB_EXAMPLE_PROPS, name: `web-${i}`, serviceName: `web-${i}-headless` });
      chart.node.addValidation({
        validate: () => {
          validations++;
          return [];
        },
      });
    }
    synthesize(app);
    expect(validations).toBe(charts);
  }
});

test('ManifestApp writes each object as its chart renders it', () => {
  const app = new ManifestApp({ outdir: tempDir() });
  for (let i = 0; i < 3; i++)
    new StatefulWeb(new Chart(app, `chart-${i}`), 'web', { ...WEB_EXAMPLE_PROPS, name: `web-${i}`, serviceName: `web-${i}-headless` });
  const stream = fs.readFileSync(path.join(app.outdir, app.synthStream()), 'utf-8');
  const { parseAllDocuments } = jest.requireActual<typeof import('yaml')>('yaml');
  const written = parseAllDocuments(stream).map((d) => d.toJS() as unknown);
  const rendered = app.charts.flatMap((chart) => chart.toJson() as unknown[]);
  expect(written).toHaveLength(rendered.length);
  expect(written).toEqual(expect.arrayContaining(rendered));
});
