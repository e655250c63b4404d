// The objects of the production example and of every cluster configuration (together, every prop
// and method, the new pod features included) against the "standalone-strict" JSON schemas of
// Kubernetes 1.28.0 and 1.33.0, as `npm run validate:dist` checks dist/: an unknown field, or one
// that only a later version has (a `sleep` lifecycle action, say), fails. The schemas are in
// ../shared/k8s-schemas, where CI has them; without that folder these tests are skipped, like
// validate:dist (test/schema.ts checks every synthesized object against 1.28 in any case).
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing, Yaml } from 'cdk8s';
import { ProductionExampleChart } from '../examples/production';
import { PodUser } from '../lib';
import { validateDist } from '../scripts/ci/validate-dist';
import { CONFIGURATIONS, chartOf } from './cluster/configurations';
import { temporaryFolders } from './helpers';

const SCHEMAS = path.resolve(__dirname, '..', '..', 'shared', 'k8s-schemas');
const describeWithSchemas = fs.existsSync(SCHEMAS) ? describe : describe.skip;
const folder = temporaryFolders('strict-schemas-');

const cases: Array<[string, () => unknown[]]> = [
  ['examples/production.ts', () => Testing.synth(new ProductionExampleChart(new App(), 'production'))],
  [
    'examples/production.ts with a fixed user',
    () => Testing.synth(new ProductionExampleChart(new App(), 'production', { podUser: PodUser.fixed(1001) })),
  ],
  ...CONFIGURATIONS.map((c): [string, () => unknown[]] => [c.name, () => Testing.synth(chartOf(c))]),
];

describeWithSchemas('valid under the strict schemas of Kubernetes 1.28 and 1.33', () => {
  // One folder for all (the schemas are compiled once per validation): file `<case>-<object>.k8s.yaml`.
  test('every object of every case', () => {
    const dist = folder();
    let count = 0;
    cases.forEach(([, synthesize], c) =>
      synthesize().forEach((object, i) => {
        fs.writeFileSync(path.join(dist, `${String(c).padStart(2, '0')}-${String(i).padStart(2, '0')}.k8s.yaml`), Yaml.stringify(object));
        count++;
      }),
    );
    const result = validateDist({ dist, schemas: SCHEMAS });
    expect(result.errors).toEqual([]);
    expect(result.objects).toBe(count);
  });

  test('the harness fails when it should: a sleep action, which 1.28 lacks', () => {
    const dist = folder();
    const objects = Testing.synth(new ProductionExampleChart(new App(), 'production'));
    const set = objects.find((o) => o.kind === 'StatefulSet');
    set.spec.template.spec.containers[0].lifecycle.preStop = { sleep: { seconds: 5 } };
    fs.writeFileSync(path.join(dist, '0000.k8s.yaml'), Yaml.stringify(set));
    const errors = validateDist({ dist, schemas: SCHEMAS }).errors;
    expect(errors).toEqual([expect.stringContaining('v1.28.0: spec.template.spec.containers[0].lifecycle.preStop.sleep: unknown field')]);
  });
});
