// The migrations the upgrade guard prints, run on the real control plane. For each change the
// guard refuses with a migration, the objects before it run (pods Ready, claims Bound); then the
// steps of the printed migration run in the order the message gives them: each `kubectl ...`
// command it quotes (with this cluster's kubeconfig), and "apply", the objects after the change.
// At the end the new spec is applied, the same pods run with the same ordinals, and every old
// claim is kept and Bound (the same object, by UID), or copied into a new claim as the message says.
//
// A step the test cluster cannot perform is named and checked to fail as the message warns: the
// claims' volume expansion needs a StorageClass with `allowVolumeExpansion: true` and a CSI
// resizer, which this cluster (local volumes, no provisioner) has not.
import { App, Chart, Size } from 'cdk8s';
import { StatefulWeb, StatefulWebProps } from '../../lib';
import { BreakingChange, findBreakingChanges } from '../../lib/synth/upgrade-guard';
import {
  apply,
  createNamespace,
  deleteNamespace,
  getJson,
  inNamespace,
  KubeObject,
  kubectlResult,
  ON_KWOK_NODES,
  requireCluster,
  waitFor,
} from './kube';

const WAIT = 120_000;
const BEFORE: StatefulWebProps = {
  image: 'bitnami/nginx',
  serviceName: 'nginx',
  replicas: 2,
  portName: 'web',
  labels: { app: 'migrate' },
  volumeName: 'www',
  // On kwok's nodes: what the migrations prove is the API server's and the controllers' verdict.
  ...ON_KWOK_NODES,
};

function synthesize(props: StatefulWebProps, namespace: string): KubeObject[] {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'migrate');
  new StatefulWeb(chart, 'web', props);
  return inNamespace(chart.toJson() as KubeObject[], namespace);
}

/** The steps of a migration, in the order the message gives them: the quoted kubectl commands, and "apply". */
function steps(change: BreakingChange): string[] {
  return [...change.migration.matchAll(/`(kubectl [^`]+)`|\bapply\b/g)].map((m) => m[1] ?? 'apply');
}

/** A quoted kubectl command as argv (the guard quotes JSON patches in single quotes). */
function argv(command: string): string[] {
  return [...command.slice('kubectl '.length).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function waitForRollout(namespace: string): void {
  waitFor('the StatefulSet to roll out', WAIT, () =>
    getJson(['statefulsets', '-n', namespace]).items.every(
      (s: any) =>
        s.status?.observedGeneration === s.metadata.generation &&
        (s.status?.readyReplicas ?? 0) === s.spec.replicas &&
        (s.status?.updatedReplicas ?? 0) === s.spec.replicas &&
        s.status?.updateRevision === s.status?.currentRevision,
    ),
  );
  waitFor('every claim Bound', WAIT, () => getJson(['pvc', '-n', namespace]).items.every((c: any) => c.status?.phase === 'Bound'));
}

/** The pods (name to the claims they mount) and the claims (name to UID and phase) of the namespace. */
function state(namespace: string) {
  const pods = Object.fromEntries(
    getJson(['pods', '-n', namespace]).items.map((p: any) => [
      p.metadata.name,
      (p.spec.volumes ?? [])
        .filter((v: any) => v.persistentVolumeClaim)
        .map((v: any) => v.persistentVolumeClaim.claimName)
        .sort(),
    ]),
  );
  const claims = Object.fromEntries(
    getJson(['pvc', '-n', namespace]).items.map((c: any) => [c.metadata.name, { uid: c.metadata.uid, phase: c.status?.phase }]),
  );
  return { pods, claims };
}

/**
 * Runs the migration of the one change from `BEFORE` to `after`. `unavailable` names the commands
 * this cluster cannot run (checked to fail, with the reason the message gives); `prepare` runs
 * before the steps, for what the message asks to do beforehand.
 */
function migrate(namespace: string, after: Partial<StatefulWebProps>, options: { unavailable?: RegExp; prepare?: () => void } = {}) {
  const oldObjects = synthesize(BEFORE, namespace);
  const newObjects = synthesize({ ...BEFORE, ...after }, namespace);
  expect(apply(namespace, oldObjects).stderr).toBe('');
  waitForRollout(namespace);
  const before = state(namespace);

  const changes = findBreakingChanges(oldObjects, newObjects);
  expect(changes).toHaveLength(1);
  expect(apply(namespace, newObjects).ok).toBe(false); // what the guard prevents: the server refuses the update
  options.prepare?.();
  const run: string[] = [];
  for (const step of steps(changes[0])) {
    if (step === 'apply') {
      const applied = apply(namespace, newObjects);
      expect({ step, stderr: applied.stderr }).toEqual({ step, stderr: '' });
    } else {
      const result = kubectlResult(argv(step));
      if (options.unavailable?.test(step)) {
        expect({ step, ok: result.ok }).toEqual({ step, ok: false });
      } else {
        expect({ step, ok: result.ok, stderr: result.stderr }).toEqual({ step, ok: true, stderr: '' });
      }
    }
    run.push(step);
  }
  waitForRollout(namespace);
  return { changes, run, before, after: state(namespace), statefulSet: getJson(['statefulset', 'web', '-n', namespace]) };
}

beforeAll(requireCluster);

describe('the migrations the upgrade guard prints, run in order, keep the pods and the claims', () => {
  test('serviceName: orphan-delete, apply, rollout restart; the pods get DNS names under the new Service', () => {
    const namespace = createNamespace('migrate');
    try {
      const result = migrate(namespace, { serviceName: 'nginx-peers' });

      expect(result.run).toEqual([
        `kubectl delete statefulset web -n ${namespace} --cascade=orphan`,
        'apply',
        `kubectl rollout restart statefulset web -n ${namespace}`,
      ]);
      expect(result.statefulSet.spec.serviceName).toBe('nginx-peers');
      expect(Object.keys(result.after.pods).sort()).toEqual(['web-0', 'web-1']);
      expect(result.after.pods).toEqual(result.before.pods);
      expect(result.after.claims).toEqual(result.before.claims); // the same claim objects, Bound
      expect(getJson(['pod', 'web-0', '-n', namespace]).spec.subdomain).toBe('nginx-peers');
    } finally {
      deleteNamespace(namespace);
    }
  });

  test('claim template renamed: new claims created beforehand, orphan-delete, apply, the pods deleted in order; the old claims kept and Bound', () => {
    const namespace = createNamespace('migrate');
    try {
      // "copy the data of each www-web-<ordinal> into a claim content-web-<ordinal> created beforehand": the
      // claims are created here; the copy itself (a Job that mounts both) needs a container runtime, which this cluster has not.
      const prepare = () => {
        const claims = [0, 1].map((ordinal) => ({
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: `content-web-${ordinal}`, namespace },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        }));
        expect(apply(namespace, claims).ok).toBe(true);
      };
      const result = migrate(namespace, { volumeName: 'content' }, { prepare });

      // Not a rollout restart: the StatefulSet controller cannot change a running pod's volumes.
      expect(result.run).toEqual([
        `kubectl delete statefulset web -n ${namespace} --cascade=orphan`,
        'apply',
        `kubectl delete pod web-0 -n ${namespace}`,
        `kubectl delete pod web-1 -n ${namespace}`,
      ]);
      expect(result.statefulSet.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['content']);
      expect(result.after.pods).toEqual({ 'web-0': ['content-web-0'], 'web-1': ['content-web-1'] });
      for (const claim of ['www-web-0', 'www-web-1']) expect(result.after.claims[claim]).toEqual(result.before.claims[claim]);
      for (const claim of ['content-web-0', 'content-web-1']) expect(result.after.claims[claim]?.phase).toBe('Bound');
    } finally {
      deleteNamespace(namespace);
    }
  });

  test('storage grown: the claim patch needs volume expansion (refused here, as the message says), then orphan-delete and apply', () => {
    const namespace = createNamespace('migrate');
    try {
      const result = migrate(namespace, { storage: Size.gibibytes(2) }, { unavailable: /^kubectl patch pvc / });

      expect(result.changes[0].migration).toContain('the StorageClass must have `allowVolumeExpansion: true`');
      expect(result.changes[0].migration).toContain('a CSI driver that can expand volumes');
      expect(result.run).toEqual([
        `kubectl patch pvc www-web-0 -n ${namespace} -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'`,
        `kubectl delete statefulset web -n ${namespace} --cascade=orphan`,
        'apply',
      ]);
      expect(result.statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
      expect(result.after.pods).toEqual(result.before.pods);
      expect(result.after.claims).toEqual(result.before.claims);
    } finally {
      deleteNamespace(namespace);
    }
  });
});
