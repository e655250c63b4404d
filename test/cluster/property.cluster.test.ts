// "What StatefulWeb accepts, the API server accepts", as a property: for generated cases (the
// generators of npm test's property, test/arbitraries.ts: valid, edge and wrong-typed values,
// misspelt keys, mutator calls), either StatefulWeb refuses them in the house format when it is
// constructed or synthesized (test/property.ts), or the API server accepts every object it
// synthesizes and a Pod from its pod template (server-side dry run, strict field validation, the
// restricted Pod Security Standard enforced), with no warning but those EXPECTED_WARNINGS lists.
// CLUSTER_PROPERTY_RUNS and CLUSTER_PROPERTY_SEED set
// the number of cases and the seed; the seed is printed, to replay a failure.
import * as fc from 'fast-check';
import { checkPodSecurity } from '../../lib/validation/pod-security';
import { PROPERTY_PRIORITY_CLASS, statefulWebCases } from '../arbitraries';
import { attempt, checkRefusal } from '../property';
import { createNamespace, deleteNamespace, dryRunApply, ensurePriorityClasses, inNamespace, requireCluster, withPods } from './kube';

const RUNS = Number(process.env.CLUSTER_PROPERTY_RUNS ?? 200);
const SEED = Number(process.env.CLUSTER_PROPERTY_SEED ?? Date.now() % 2 ** 31);

/**
 * The warnings the API server may give for an accepted case, each with why it is accepted: what
 * a user asked for on purpose, which StatefulWeb passes on as Kubernetes does. Any other warning
 * (`Warning: ...` on kubectl's stderr) fails the property, as a refusal does.
 */
const EXPECTED_WARNINGS: ReadonlyArray<[RegExp, string]> = [
  // podAnnotations may hold the deprecated seccomp and AppArmor annotations, which the pod
  // annotation checks (lib/validation/pod-annotations.ts) validate as the API server does.
  [
    /annotations\[(container\.)?seccomp\.security\.alpha\.kubernetes\.io\/[^\]]*\]: non-functional in v1\.27\+/,
    'a deprecated seccomp annotation in podAnnotations',
  ],
  [
    /annotations\[container\.apparmor\.security\.beta\.kubernetes\.io\/[^\]]*\]: deprecated since v1\.30/,
    'a deprecated AppArmor annotation in podAnnotations',
  ],
  // A whole number of bytes above 2^63 thousandths of a byte (about 8 PiB): the API server's check
  // of fractional bytes (MilliValue() % 1000) overflows there and warns of a fraction there is not.
  // storage goes up to just below 8 EiB, the largest quantity Kubernetes keeps.
  [
    /volumeClaimTemplates\[\d+\]\.resources\.requests\[storage\]: fractional byte value "\d+(Pi|Ti|Gi|Mi)" is invalid/,
    'a storage request above 8 PiB',
  ],
];

/** The `Warning:` lines of kubectl's stderr that EXPECTED_WARNINGS does not list. */
export function unexpectedWarnings(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('Warning:'))
    .filter((line) => !EXPECTED_WARNINGS.some(([pattern]) => pattern.test(line)));
}

describe('what StatefulWeb accepts, the API server accepts', () => {
  let namespace: string;
  beforeAll(() => {
    requireCluster();
    // `web`: a serviceAccountName the generators use (the ServiceAccount admission refuses pods without theirs).
    namespace = createNamespace('property', ['web']);
    ensurePriorityClasses([PROPERTY_PRIORITY_CLASS]);
  });
  afterAll(() => {
    if (namespace) deleteNamespace(namespace);
  });

  test(`${RUNS} generated cases (seed ${SEED})`, () => {
    const tally = { accepted: 0, refused: 0, exempted: 0 };
    console.log(`property: ${RUNS} cases, seed ${SEED} (replay: CLUSTER_PROPERTY_SEED=${SEED} CLUSTER_PROPERTY_RUNS=${RUNS})`);
    fc.assert(
      fc.property(statefulWebCases, (generated) => {
        const outcome = attempt(generated);
        if ('refused' in outcome) {
          checkRefusal(outcome.refused);
          tally.refused++;
          return;
        }
        let objects = withPods(inNamespace(outcome.objects, namespace));
        // podSecurityExemptions exempts a check from StatefulWeb's own, not from the namespace's
        // admission: a Pod that breaks an exempted check is left out (the objects are still sent).
        const statefulSet = objects.find((o) => o.kind === 'StatefulSet')!;
        if (checkPodSecurity(statefulSet.spec.template, new Set()).length > 0) {
          objects = objects.filter((o) => o.kind !== 'Pod');
          tally.exempted++;
        }
        const result = dryRunApply(namespace, objects);
        if (!result.ok) {
          throw new Error(`StatefulWeb accepted this case, the API server refused the objects:\n${result.stderr}`);
        }
        const warnings = unexpectedWarnings(result.stderr);
        if (warnings.length > 0) {
          throw new Error(`StatefulWeb accepted this case, the API server warned:\n${warnings.join('\n')}`);
        }
        tally.accepted++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(
      `property: ${tally.accepted + tally.refused} cases run: ${tally.accepted} accepted by StatefulWeb and by the API server ` +
        `(${tally.exempted} of them without their Pod, which breaks a check they exempt), ${tally.refused} refused by StatefulWeb`,
    );
    // Both sides of the property are exercised.
    expect(tally.accepted).toBeGreaterThan(RUNS / 10);
  });
});
