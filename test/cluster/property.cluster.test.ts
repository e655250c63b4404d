// "What StatefulWeb accepts, the API server accepts", as a property: for generated props (valid,
// edge and out-of-range values, test/cluster/arbitraries.ts), either StatefulWeb refuses them
// with an Error when it is constructed or synthesized, or the API server accepts every object it
// synthesizes and a Pod from its pod template (server-side dry run, strict field validation, the
// restricted Pod Security Standard enforced). CLUSTER_PROPERTY_RUNS and CLUSTER_PROPERTY_SEED
// set the number of cases and the seed; the seed is printed, to replay a failure.
import { App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { StatefulWeb } from '../../lib';
import { buildProps, GeneratedProps, statefulWebProps } from './arbitraries';
import { createNamespace, deleteNamespace, dryRunApply, inNamespace, KubeObject, requireCluster, withPods } from './kube';

const RUNS = Number(process.env.CLUSTER_PROPERTY_RUNS ?? 200);
const SEED = Number(process.env.CLUSTER_PROPERTY_SEED ?? (Date.now() % 2 ** 31));

type Outcome = { refused: string } | { objects: KubeObject[] };

/** Constructs and synthesizes a StatefulWeb for the generated props, or says how it refused them. */
function synthesize(generated: GeneratedProps, namespace: string): Outcome {
  let objects: KubeObject[];
  try {
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'property');
    new StatefulWeb(chart, 'web', buildProps(generated));
    objects = Testing.synth(chart) as KubeObject[];
  } catch (error) {
    // A TypeError from inside the library is a crash, not an answer.
    if (!(error instanceof Error) || error instanceof TypeError) throw error;
    return { refused: error.message };
  }
  return { objects: withPods(inNamespace(objects, namespace)) };
}

describe('what StatefulWeb accepts, the API server accepts', () => {
  let namespace: string;
  beforeAll(() => {
    requireCluster();
    namespace = createNamespace('property');
  });
  afterAll(() => {
    if (namespace) deleteNamespace(namespace);
  });

  test(`${RUNS} generated cases (seed ${SEED})`, () => {
    let accepted = 0;
    let refused = 0;
    console.log(`property: ${RUNS} cases, seed ${SEED} (replay: CLUSTER_PROPERTY_SEED=${SEED} CLUSTER_PROPERTY_RUNS=${RUNS})`);
    fc.assert(fc.property(statefulWebProps, (generated) => {
      const outcome = synthesize(generated, namespace);
      if ('refused' in outcome) {
        refused++;
        return;
      }
      const result = dryRunApply(namespace, outcome.objects);
      if (!result.ok) {
        throw new Error(`StatefulWeb accepted these props, the API server refused the objects:\n${result.stderr}`);
      }
      accepted++;
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    console.log(`property: ${accepted + refused} cases: ${accepted} accepted by StatefulWeb and by the API server, ${refused} refused by StatefulWeb`);
    // Both sides of the property are exercised.
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });
});
