// The upgrade guard against the API server. For each change in the table, the objects before it
// run on the cluster (pods Ready, claims Bound); then the objects after it are applied as a GitOps
// tool would (apply, then prune the StatefulSets that are gone). The server's verdict is
// "refused" when it rejects the update, "orphans <claims>" when it accepts it but a claim that a
// pod used before is mounted by no pod after, and "accepted" otherwise. The guard must refuse
// exactly the changes that the server refuses or that orphan claims: any disagreement fails.
import { App, Chart, Duration, Size } from 'cdk8s';
import { AccessMode, ClaimRetention, PodManagementPolicy, StatefulWeb, StatefulWebProps, UpdateStrategy } from '../../lib';
import { ON_KWOK_NODES } from './kube';
import { findBreakingChanges } from '../../lib/synth/upgrade-guard';
import { apply, createNamespace, deleteNamespace, getJson, inNamespace, KubeObject, kubectlResult, requireCluster, waitFor } from './kube';

const WAIT = 120_000;
// On kwok's nodes: the table needs about forty pods and twenty volumes, and what it proves is the
// API server's and the controllers' verdict, not a container's.
const BEFORE: StatefulWebProps = {
  image: 'bitnami/nginx', serviceName: 'nginx', replicas: 1, portName: 'web', labels: { app: 'guard' }, volumeName: 'www',
  ...ON_KWOK_NODES,
};

/** The table: a change, as props over BEFORE, and whether the guard is expected to refuse it. */
const CHANGES: Array<[string, Partial<StatefulWebProps>]> = [
  ['serviceName nginx -> nginx-peers', { serviceName: 'nginx-peers' }],
  ['selector labels app=guard -> app=guard-v2', { labels: { app: 'guard-v2' } }],
  ['podManagementPolicy OrderedReady -> Parallel', { podManagementPolicy: PodManagementPolicy.PARALLEL }],
  ['storage 1Gi -> 2Gi', { storage: Size.gibibytes(2) }],
  ['storage 1Gi -> 1024Mi (the same quantity)', { storage: Size.mebibytes(1024) }],
  ['storageClassName (cluster default) -> local', { storageClassName: 'local' }],
  ['accessModes ReadWriteOnce -> ReadWriteOncePod', { accessModes: [AccessMode.READ_WRITE_ONCE_POD] }],
  ['claim labels added', { claimLabels: { tier: 'data' } }],
  ['claim template renamed www -> content', { volumeName: 'content' }],
  ['StatefulSet renamed web -> web-v2', { name: 'web-v2' }],
  ['ordinals start 0 -> 1', { ordinalsStart: 1 }],
  ['replicas 1 -> 2', { replicas: 2 }],
  ['image bitnami/nginx -> bitnami/nginx:latest', { image: 'bitnami/nginx:latest' }],
  ['memory limit 256Mi -> 512Mi', { memoryLimit: Size.mebibytes(512) }],
  ['pod annotation added', { podAnnotations: { 'example.com/revision': '2' } }],
  ['updateStrategy RollingUpdate -> OnDelete', { updateStrategy: UpdateStrategy.onDelete() }],
  ['minReady 0 -> 10s', { minReady: Duration.seconds(10) }],
  ['revisionHistoryLimit (default) -> 3', { revisionHistoryLimit: 3 }],
  ['claim retention when scaled Retain -> Delete', { claimRetentionWhenScaled: ClaimRetention.DELETE }],
  ['terminationGracePeriod 30s -> 60s', { terminationGracePeriod: Duration.seconds(60) }],
];

function synthesize(props: StatefulWebProps, namespace: string): KubeObject[] {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'guard');
  new StatefulWeb(chart, 'web', props);
  return inNamespace(chart.toJson() as KubeObject[], namespace);
}

interface SetPods { pods: any[]; claims: string[] }

/** The pods of the namespace and the claims they mount. */
function podsAndClaims(namespace: string): SetPods {
  const pods = getJson(['pods', '-n', namespace]).items;
  const claims = pods.flatMap((p: any) => (p.spec.volumes ?? []).filter((v: any) => v.persistentVolumeClaim)
    .map((v: any) => v.persistentVolumeClaim.claimName as string));
  return { pods, claims: claims.sort() };
}

/** Waits until every StatefulSet of the namespace has rolled out: all pods Ready at the update revision. */
function waitForRollout(namespace: string): void {
  waitFor('the StatefulSets to roll out', WAIT, () => getJson(['statefulsets', '-n', namespace]).items.every((s: any) =>
    s.status?.observedGeneration === s.metadata.generation
    && (s.status?.readyReplicas ?? 0) === s.spec.replicas
    && (s.status?.replicas ?? 0) === s.spec.replicas
    && (s.spec.updateStrategy?.type === 'OnDelete' || s.status?.updateRevision === s.status?.currentRevision)));
  waitFor('every claim Bound', WAIT, () => getJson(['pvc', '-n', namespace]).items.every((c: any) => c.status?.phase === 'Bound'));
}

interface Row { change: string; guard: string; server: string; agree: boolean }
const rows: Row[] = [];

beforeAll(requireCluster);
afterAll(() => {
  if (rows.length === 0) return;
  const lines = ['| change | guard | API server | agree |', '|---|---|---|---|',
    ...rows.map((r) => `| ${r.change} | ${r.guard} | ${r.server} | ${r.agree ? 'yes' : '**NO**'} |`)];
  console.log(`The upgrade guard against the API server:\n${lines.join('\n')}`);
});

describe('the upgrade guard refuses exactly what the API server refuses or what orphans claims', () => {
  test.each(CHANGES)('%s', (change, overrides) => {
    const namespace = createNamespace('guard');
    try {
      const before = synthesize(BEFORE, namespace);
      const after = synthesize({ ...BEFORE, ...overrides }, namespace);
      const refusals = findBreakingChanges(before, after);
      const guard = refusals.length > 0 ? `refuses (${refusals.map((r) => r.field).join(', ')})` : 'allows';

      const created = apply(namespace, before);
      expect(created.stderr).toBe('');
      waitForRollout(namespace);
      const claimsBefore = podsAndClaims(namespace).claims;
      expect(claimsBefore.length).toBeGreaterThan(0);

      const updated = apply(namespace, after);
      let server: string;
      if (!updated.ok) {
        server = `refused: ${/Forbidden: [^\n]{0,80}/.exec(updated.stderr)?.[0] ?? updated.stderr.trim().split('\n')[0]}`;
      } else {
        // What a GitOps tool's prune does: the StatefulSets that are no longer in the output go.
        const kept = new Set(after.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name));
        for (const set of before.filter((o) => o.kind === 'StatefulSet' && !kept.has(o.metadata.name))) {
          kubectlResult(['delete', 'statefulset', set.metadata.name, '-n', namespace, '--wait=true']);
        }
        // The garbage collector removes a deleted StatefulSet's pods after the StatefulSet itself.
        waitFor('the pruned StatefulSets\' pods to be gone', WAIT, () => getJson(['pods', '-n', namespace]).items
          .every((pod: any) => (pod.metadata.ownerReferences ?? []).some((o: any) => o.kind === 'StatefulSet' && kept.has(o.name))));
        waitForRollout(namespace);
        const mounted = new Set(podsAndClaims(namespace).claims);
        const orphans = claimsBefore.filter((c) => !mounted.has(c));
        server = orphans.length > 0 ? `accepts, orphans ${orphans.join(', ')} (pods mount ${[...mounted].join(', ')})` : 'accepts';
      }
      const serverRefuses = !server.startsWith('accepts') || server.includes('orphans');
      const row = { change, guard, server, agree: serverRefuses === refusals.length > 0 };
      rows.push(row);
      expect(row).toEqual({ ...row, agree: true });
    } finally {
      deleteNamespace(namespace);
    }
  });
});
