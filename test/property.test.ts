// "What StatefulWeb accepts, Kubernetes accepts", as a property, in npm test: for generated cases
// (test/arbitraries.ts: every prop with valid values, and faults: edge values, values of other
// kinds, misspelt keys; mutator calls), the invariant of test/property.ts: refused in the house
// format, or valid objects (strict 1.28 schema, the API server's rules, restricted Pod Security,
// the selector invariant, the same output on a second synthesis).
//
// PROPERTY_RUNS and PROPERTY_SEED set the number of cases and the seed; both are printed, and
// fast-check's report of a failure names the seed and the path of the shrunk case, to replay it.
// test/cluster/property.cluster.test.ts runs the same generators against the API server.
import * as fc from 'fast-check';
import { STRUCT_FIELDS } from '../lib/validation/prop-kinds';
import { EDGES, faultyProps, statefulWebCases, VALID, wrongValues } from './arbitraries';
import { Manifest, onlyOfKind } from './helpers';
import { attempt, checkAccepted, checkRefusal, judge, SYNTH } from './property';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);

test('the generators cover every prop: a valid generator each, and edges for most', () => {
  expect(Object.keys(VALID).sort()).toEqual(Object.keys(STRUCT_FIELDS.StatefulWebProps).sort());
  expect(Object.keys(EDGES).length).toBeGreaterThan(Object.keys(VALID).length * 0.75);
});

// The property judges a case by the faults it records: a recorded fault whose value another
// replaced (two faults under one key) makes a valid case look like one that must be refused.
test('the generator records exactly the faults of the values it sends', () => {
  // A fixed seed: the same 1,000 cases every run (generating them is most of the cost).
  fc.assert(
    fc.property(
      faultyProps,
      ({ props, faults }) =>
        new Set(faults.map((f) => f.key)).size === faults.length && faults.every((f) => Object.is(props[f.key], f.value)),
    ),
    { numRuns: 1000, seed: 23 },
  );
});

test(`the property: ${RUNS} generated cases (seed ${SEED})`, () => {
  const tally = { accepted: 0, prop: 0, synth: 0 };
  console.log(`property: ${RUNS} cases, seed ${SEED} (replay: PROPERTY_SEED=${SEED} PROPERTY_RUNS=${RUNS} npx jest test/property.test.ts)`);
  const started = Date.now();
  fc.assert(
    fc.property(statefulWebCases, (generated) => {
      tally[judge(generated)]++;
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  const run = tally.accepted + tally.prop + tally.synth;
  console.log(
    `property: ${run} cases run in ${Date.now() - started} ms: ${tally.accepted} accepted and valid, ` +
      `${tally.prop} refused with a prop error, ${tally.synth} refused at synthesis (Pod Security)`,
  );
  expect(run).toBe(RUNS);
  // Both sides of the property are exercised.
  expect(tally.accepted).toBeGreaterThan(RUNS / 10);
  expect(tally.prop).toBeGreaterThan(RUNS / 10);
});

// Every edge value and every value of a wrong kind, once each, alone (the property meets each
// only now and then, in company): the same invariant.
describe('the invariant, for every edge value and every value of a wrong kind of every prop', () => {
  const image = 'bitnami/nginx';
  const edges = Object.entries(EDGES).flatMap(([prop, values]) => values.map((value) => [prop, value, 'edge'] as const));
  const wrong = Object.entries(STRUCT_FIELDS.StatefulWebProps).flatMap(([prop, { kind }]) =>
    wrongValues(kind).map((value) => [prop, value, 'wrong type'] as const),
  );
  test.each([...edges, ...wrong])('%s: %p (%s)', (prop, value, fault) => {
    const props = prop === 'image' ? { image: value } : { image, [prop]: value };
    expect(['accepted', 'prop', 'synth']).toContain(judge({ props, calls: [], faults: [`${fault} ${prop}`] }));
  });
});

describe('the property can fail', () => {
  const accepted = () => {
    const outcome = attempt({ props: { image: 'bitnami/nginx' }, calls: [], faults: [] });
    if ('refused' in outcome) throw outcome.refused;
    return outcome;
  };

  test('a value of a wrong kind that is accepted', () => {
    expect(() => judge({ props: { image: 'bitnami/nginx' }, calls: [], faults: ['wrong type replicas'] })).toThrow(
      'accepted, though it has wrong type replicas',
    );
  });

  test('a TypeError, or a message in another format, is no refusal', () => {
    expect(() => checkRefusal(new TypeError("Cannot read properties of undefined (reading 'x')"))).toThrow('something other than an Error');
    expect(() => checkRefusal(new Error('replicas must be a number'))).toThrow('not in the house format');
    expect(() => checkRefusal(new Error(`${SYNTH}[property/web] Every name must be within Kubernetes' limits. Found: x.`))).toThrow(
      'unexpected error',
    );
    expect(checkRefusal(new Error('StatefulWeb "property/web": invalid replicas -1: it must be an integer from 0 to 2147483647.'))).toBe(
      'prop',
    );
  });

  test.each<[string, (objects: Manifest[]) => void, string]>([
    [
      'an annotation key the API server refuses',
      (o) => {
        onlyOfKind(o, 'Service').metadata.annotations = { 'a/b/c': 'x' };
      },
      'API server refuses',
    ],
    [
      'a field the schema does not have',
      (o) => {
        onlyOfKind(o, 'StatefulSet').spec.replica = 2;
      },
      'schema',
    ],
    [
      'a privileged container',
      (o) => {
        onlyOfKind(o, 'StatefulSet').spec.template.spec.containers[0].securityContext.privileged = true;
      },
      'Pod Security',
    ],
    [
      'a Service that selects other pods',
      (o) => {
        onlyOfKind(o, 'Service').spec.selector = { app: 'other' };
      },
      'the Service web-headless selects',
    ],
  ])('%s', (_, spoil, message) => {
    const { objects, again, labels } = accepted();
    checkAccepted(objects, again, labels);
    spoil(objects);
    expect(() => checkAccepted(objects, again, labels)).toThrow(message);
  });

  test('a second synthesis that differs', () => {
    const { objects, labels } = accepted();
    const { objects: other } = accepted();
    onlyOfKind(other, 'StatefulSet').spec.replicas = 2;
    expect(() => checkAccepted(objects, other, labels)).toThrow('a second synthesis gave other objects');
  });
});
