// Server-side validation: every object that the example app, examples/ and a representative set
// of StatefulWeb configurations synthesize, sent to the API server with
// `kubectl apply --server-side --dry-run=server --validate=strict`, together with the Pod the
// StatefulSet controller would create from each pod template (pod validation and Pod Security
// admission judge Pods, not the template inside a StatefulSet), in a namespace that enforces the
// restricted Pod Security Standard.
import { App, Testing } from 'cdk8s';
import { WebExampleChart } from '../../main';
import { ProductionExampleChart } from '../../examples/production';
import { PodUser } from '../../lib';
import { CONFIGURATIONS, chartOf } from './configurations';
import {
  createNamespace,
  deleteNamespace,
  dryRunApply,
  ensurePriorityClasses,
  inNamespace,
  KubeObject,
  requireCluster,
  withPods,
} from './kube';

beforeAll(requireCluster);

// [name, synthesize, ServiceAccounts the namespace needs, PriorityClasses the cluster needs]
// (always four: Jest passes a `done` callback in place of a missing one)
const cases: Array<[string, () => KubeObject[], string[], string[]]> = [
  ['the example app (main.ts)', () => Testing.synth(new WebExampleChart(new App(), 'web-example')) as KubeObject[], [], []],
  [
    'examples/production.ts',
    () => Testing.synth(new ProductionExampleChart(new App(), 'production')) as KubeObject[],
    [],
    ['web-critical'],
  ],
  [
    'examples/production.ts with a fixed user',
    () => Testing.synth(new ProductionExampleChart(new App(), 'production', { podUser: PodUser.fixed(1001) })) as KubeObject[],
    [],
    ['web-critical'],
  ],
  ...CONFIGURATIONS.map((c): [string, () => KubeObject[], string[], string[]] => [
    c.name,
    () => Testing.synth(chartOf(c)) as KubeObject[],
    c.serviceAccounts ?? [],
    c.priorityClasses ?? [],
  ]),
];

describe('the API server accepts every object, and a Pod from every pod template', () => {
  test.each(cases)('%s', (_, synthesize, serviceAccounts, priorityClasses) => {
    ensurePriorityClasses(priorityClasses);
    const namespace = createNamespace('server-validation', serviceAccounts);
    try {
      const objects = withPods(inNamespace(synthesize(), namespace));
      const result = dryRunApply(namespace, objects);
      expect({ ok: result.ok, stderr: result.stderr }).toEqual({ ok: true, stderr: '' });
      // One line per object: `<kind>/<name> serverside-applied (server dry run)`.
      expect(result.stdout.trim().split('\n')).toHaveLength(objects.length);
    } finally {
      deleteNamespace(namespace);
    }
  });
});

describe('the server refuses what the test sends it when it should (the harness can fail)', () => {
  test('a Pod from a template that breaks the restricted Pod Security Standard', () => {
    const namespace = createNamespace('server-validation-negative');
    try {
      const [pod] = withPods(inNamespace(Testing.synth(chartOf(CONFIGURATIONS[0])) as KubeObject[], namespace)).filter(
        (o) => o.kind === 'Pod',
      );
      pod.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
      const result = dryRunApply(namespace, [pod]);
      expect(result.ok).toBe(false);
      expect(result.stderr).toMatch(/violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    } finally {
      deleteNamespace(namespace);
    }
  });

  test('a Pod that names a PriorityClass that does not exist (the scheduling configuration creates its class)', () => {
    const namespace = createNamespace('server-validation-negative');
    try {
      const [pod] = withPods(inNamespace(Testing.synth(chartOf(CONFIGURATIONS[0])) as KubeObject[], namespace)).filter(
        (o) => o.kind === 'Pod',
      );
      pod.spec.priorityClassName = 'no-such-class';
      const result = dryRunApply(namespace, [pod]);
      expect(result.ok).toBe(false);
      expect(result.stderr).toMatch(/no PriorityClass with name no-such-class was found/);
    } finally {
      deleteNamespace(namespace);
    }
  });

  test('an unknown field, under --validate=strict', () => {
    const namespace = createNamespace('server-validation-negative');
    try {
      const objects = inNamespace(Testing.synth(chartOf(CONFIGURATIONS[0])) as KubeObject[], namespace);
      const set = objects.find((o) => o.kind === 'StatefulSet')!;
      set.spec.replica = 2;
      const result = dryRunApply(namespace, objects);
      expect(result.ok).toBe(false);
      expect(result.stderr).toMatch(/\.spec\.replica: field not declared in schema/);
    } finally {
      deleteNamespace(namespace);
    }
  });
});
