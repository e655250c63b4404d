// The upgrade guard against the API server. For each change in the table, the objects before it
// run on the cluster (pods Ready, claims Bound); then the objects after it are applied as a GitOps
// tool would (apply, then prune the StatefulSets that are gone). The server's verdict is
// "refused" when it rejects the update, "orphans <claims>" when it accepts it but a claim that a
// pod used before is mounted by no pod after, and "accepted" otherwise. The guard must refuse
// exactly the changes that the server refuses or that orphan claims: any disagreement fails. It is
// asked twice: against the manifests before the change (what the output folder and the lock file
// hold), and against the cluster itself (STATEFUL_WEB_GUARD_CLUSTER's mode, reading the running
// StatefulSets with kubectl), before the update is sent.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  AccessMode,
  ClaimRetention,
  EnvValue,
  ImagePullPolicy,
  PodManagementPolicy,
  PodUser,
  StatefulWeb,
  StatefulWebProps,
  TaintEffect,
  TolerationOperator,
  UpdateStrategy,
  VolumeMode,
  VolumeSource,
} from '../../lib';
import { readClusterBaseline } from '../../lib/synth/cluster-baseline';
import { findBreakingChanges } from '../../lib/synth/upgrade-guard';
import {
  apply,
  createNamespace,
  deleteNamespace,
  getJson,
  inNamespace,
  KUBECONFIG,
  KUBECTL,
  KubeObject,
  kubectlResult,
  ON_KWOK_NODES,
  requireCluster,
  ROOT,
  waitFor,
} from './kube';

const WAIT = 120_000;
// On kwok's nodes: the table needs about forty pods and twenty volumes, and what it proves is the
// API server's and the controllers' verdict, not a container's.
const BEFORE: StatefulWebProps = {
  image: 'bitnami/nginx',
  serviceName: 'nginx',
  replicas: 1,
  portName: 'web',
  labels: { app: 'guard' },
  volumeName: 'www',
  ...ON_KWOK_NODES,
};

type Configure = (web: StatefulWeb) => void;
/** A row: a change, as props over BEFORE, and what is done to the StatefulWeb before and after it. */
type Change = [string, Partial<StatefulWebProps>, Configure?, Configure?];

const templates =
  (...names: string[]): Configure =>
  (web) => {
    for (const name of names) web.addVolumeClaimTemplate(name, { mountPath: `/${name}` });
  };

/** The table: every prop and method that reaches the StatefulSet, order swaps and no-op normalisations. */
const CHANGES: Change[] = [
  // The spec fields the API server forbids to change.
  ['serviceName nginx -> nginx-peers', { serviceName: 'nginx-peers' }],
  ['selector labels app=guard -> app=guard-v2', { labels: { app: 'guard-v2' } }],
  ['podManagementPolicy OrderedReady -> Parallel', { podManagementPolicy: PodManagementPolicy.PARALLEL }],
  ['podManagementPolicy OrderedReady written out (the default)', { podManagementPolicy: PodManagementPolicy.ORDERED_READY }],
  ['storage 1Gi -> 2Gi', { storage: Size.gibibytes(2) }],
  ['storage 1Gi -> 1024Mi (the same quantity)', { storage: Size.mebibytes(1024) }],
  ['storageClassName (cluster default) -> local', { storageClassName: 'local' }],
  ['accessModes ReadWriteOnce -> ReadWriteOncePod', { accessModes: [AccessMode.READ_WRITE_ONCE_POD] }],
  ['volumeMode Filesystem written out (the default)', { volumeMode: VolumeMode.FILESYSTEM }],
  ['volumeMode Filesystem -> Block', { volumeMode: VolumeMode.BLOCK }],
  ['claim labels added', { claimLabels: { tier: 'data' } }],
  ['claim annotations added', { claimAnnotations: { 'example.com/backup': 'daily' } }],
  ['claim template renamed www -> content', { volumeName: 'content' }],
  ['claim template added (addVolumeClaimTemplate)', {}, undefined, templates('logs')],
  ['claim template removed', {}, templates('logs'), undefined],
  ['claim templates a, b -> b, a (order swapped)', {}, templates('a', 'b'), templates('b', 'a')],
  ['claim templates a, b -> a, b (the same order)', {}, templates('a', 'b'), templates('a', 'b')],
  ['StatefulSet renamed web -> web-v2', { name: 'web-v2' }],
  ['ordinals start 0 -> 1', { ordinalsStart: 1 }],
  // What an update may change.
  ['replicas 1 -> 2', { replicas: 2 }],
  ['image bitnami/nginx -> bitnami/nginx:latest', { image: 'bitnami/nginx:latest' }],
  ['imagePullPolicy -> Always', { imagePullPolicy: ImagePullPolicy.ALWAYS }],
  ['memory limit 256Mi -> 512Mi', { memoryLimit: Size.mebibytes(512) }],
  ['port 8080 -> 8081', { port: 8081 }],
  ['env added', { env: { MODE: EnvValue.fromValue('blue') } }],
  ['args added', { args: ['-g', 'daemon off;'] }],
  ['podUser fixed 1001', { podUser: PodUser.fixed(1001) }],
  ['readOnlyRootFilesystem with writablePaths', { readOnlyRootFilesystem: true, writablePaths: ['/tmp'] }],
  ['pod annotation added', { podAnnotations: { 'example.com/revision': '2' } }],
  ['pod label added', { podLabels: { track: 'stable' } }],
  ['object labels added (metadataLabels)', { metadataLabels: { team: 'web' } }],
  // Both keep BEFORE's kwok placement, which the rows' pods need (ON_KWOK_NODES).
  ['nodeSelector kubernetes.io/os=linux', { nodeSelector: { ...ON_KWOK_NODES.nodeSelector, 'kubernetes.io/os': 'linux' } }],
  [
    'toleration added',
    {
      tolerations: [
        ...ON_KWOK_NODES.tolerations!,
        { key: 'example.com/dedicated', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE },
      ],
    },
  ],
  ['updateStrategy RollingUpdate -> OnDelete', { updateStrategy: UpdateStrategy.onDelete() }],
  ['updateStrategy rollingUpdate partition 1', { updateStrategy: UpdateStrategy.rollingUpdate({ partition: 1 }) }],
  ['minReady 0 -> 10s', { minReady: Duration.seconds(10) }],
  ['revisionHistoryLimit (default) -> 3', { revisionHistoryLimit: 3 }],
  ['claim retention when scaled Retain -> Delete', { claimRetentionWhenScaled: ClaimRetention.DELETE }],
  ['claim retention when deleted Retain -> Delete', { claimRetentionWhenDeleted: ClaimRetention.DELETE }],
  ['terminationGracePeriod 30s -> 60s', { terminationGracePeriod: Duration.seconds(60) }],
  ['addInitContainer', {}, undefined, (web) => web.addInitContainer('seed', { image: 'busybox:1.36', command: ['true'] })],
  ['addSidecar', {}, undefined, (web) => web.addSidecar('exporter', { image: 'busybox:1.36', command: ['sleep', '3600'] })],
  ['addPort', {}, undefined, (web) => web.addPort('metrics', 9113)],
  ['addVolume emptyDir', {}, undefined, (web) => web.addVolume('cache', VolumeSource.emptyDir(), '/cache')],
  ['addEnv', {}, undefined, (web) => web.addEnv('MODE', EnvValue.fromValue('green'))],
];

function synthesize(props: StatefulWebProps, namespace: string, configure?: Configure): KubeObject[] {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'guard');
  const web = new StatefulWeb(chart, 'web', props);
  configure?.(web);
  return inNamespace(chart.toJson() as KubeObject[], namespace);
}

/** The environment of the guard's cluster mode: this cluster's kubectl and kubeconfig. */
const CLUSTER_ENV = { ...process.env, KUBECTL, KUBECONFIG };

/**
 * Bound volumes are kept (Retain), and the table takes more than the cluster has: the volumes that
 * a deleted claim released are made Available again, for the rows to come (nothing is written in them).
 */
function releaseVolumes(): void {
  for (const pv of getJson(['pv']).items) {
    if (pv.status?.phase === 'Released') {
      kubectlResult(['patch', 'pv', pv.metadata.name, '--type', 'json', '-p', '[{"op":"remove","path":"/spec/claimRef"}]']);
    }
  }
}

interface SetPods {
  pods: any[];
  claims: string[];
}

/** The pods of the namespace and the claims they mount. */
function podsAndClaims(namespace: string): SetPods {
  const pods = getJson(['pods', '-n', namespace]).items;
  const claims = pods.flatMap((p: any) =>
    (p.spec.volumes ?? []).filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName as string),
  );
  return { pods, claims: claims.sort() };
}

/** Waits until every StatefulSet of the namespace has rolled out: all pods Ready at the update revision. */
function waitForRollout(namespace: string): void {
  waitFor('the StatefulSets to roll out', WAIT, () =>
    getJson(['statefulsets', '-n', namespace]).items.every(
      (s: any) =>
        s.status?.observedGeneration === s.metadata.generation &&
        (s.status?.readyReplicas ?? 0) === s.spec.replicas &&
        (s.status?.replicas ?? 0) === s.spec.replicas &&
        (s.spec.updateStrategy?.type === 'OnDelete' || s.status?.updateRevision === s.status?.currentRevision),
    ),
  );
  waitFor('every claim Bound', WAIT, () => getJson(['pvc', '-n', namespace]).items.every((c: any) => c.status?.phase === 'Bound'));
}

interface Row {
  change: string;
  guard: string;
  cluster: string;
  server: string;
  agree: boolean;
}
const rows: Row[] = [];

beforeAll(requireCluster);
afterAll(() => {
  if (rows.length === 0) return;
  const lines = [
    '| change | guard (files) | guard (cluster mode) | API server | agree |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.change} | ${r.guard} | ${r.cluster} | ${r.server} | ${r.agree ? 'yes' : '**NO**'} |`),
  ];
  console.log(`The upgrade guard against the API server:\n${lines.join('\n')}`);
});

describe('the upgrade guard refuses exactly what the API server refuses or what orphans claims', () => {
  // A rest parameter: jest takes a callback with more parameters than a row has values for a test with `done`.
  test.each(CHANGES)('%s', (...row) => {
    const [change, overrides, configureBefore, configureAfter] = row;
    const namespace = createNamespace('guard');
    try {
      const before = synthesize(BEFORE, namespace, configureBefore);
      const after = synthesize({ ...BEFORE, ...overrides }, namespace, configureAfter);
      const verdict = (refusals: { field: string }[]) =>
        refusals.length > 0 ? `refuses (${refusals.map((r) => r.field).join(', ')})` : 'allows';
      const refusals = findBreakingChanges(before, after);
      const guard = verdict(refusals);

      const created = apply(namespace, before);
      expect(created.stderr).toBe('');
      waitForRollout(namespace);
      const claimsBefore = podsAndClaims(namespace).claims;
      expect(claimsBefore.length).toBeGreaterThan(0);

      // The cluster mode, on the StatefulSets as the API server stores them, before the update.
      const live = readClusterBaseline(after, CLUSTER_ENV);
      expect(live.before.map((o) => o.metadata?.name)).toEqual(before.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name));
      const clusterRefusals = findBreakingChanges(live.before, live.after);
      const cluster = verdict(clusterRefusals);

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
        waitFor("the pruned StatefulSets' pods to be gone", WAIT, () =>
          getJson(['pods', '-n', namespace]).items.every((pod: any) =>
            (pod.metadata.ownerReferences ?? []).some((o: any) => o.kind === 'StatefulSet' && kept.has(o.name)),
          ),
        );
        waitForRollout(namespace);
        const mounted = new Set(podsAndClaims(namespace).claims);
        const orphans = claimsBefore.filter((c) => !mounted.has(c));
        server = orphans.length > 0 ? `accepts, orphans ${orphans.join(', ')} (pods mount ${[...mounted].join(', ')})` : 'accepts';
      }
      const serverRefuses = !server.startsWith('accepts') || server.includes('orphans');
      const row = {
        change,
        guard,
        cluster,
        server,
        agree: serverRefuses === refusals.length > 0 && serverRefuses === clusterRefusals.length > 0,
      };
      rows.push(row);
      expect(row).toEqual({ ...row, agree: true });
    } finally {
      deleteNamespace(namespace);
      releaseVolumes();
    }
  });
});

describe('the cluster mode of ManifestApp (STATEFUL_WEB_GUARD_CLUSTER=true)', () => {
  const work = () => fs.mkdtempSync(path.join(os.tmpdir(), 'guard-cluster-'));

  /** Runs a package user's app, as its own process, that synthesizes BEFORE with `overrides` into `outdir`, in `namespace`. */
  function runApp(outdir: string, namespace: string, overrides: Partial<StatefulWebProps>, env: NodeJS.ProcessEnv) {
    const script = `
      const { Chart } = require('cdk8s');
      const lib = require('./lib');
      const app = new lib.ManifestApp({ outdir: ${JSON.stringify(outdir)} });
      new lib.StatefulWeb(new Chart(app, 'guard', { namespace: ${JSON.stringify(namespace)} }), 'web',
        { ...${JSON.stringify(BEFORE)}, ...${JSON.stringify(overrides)} });
      app.synth();`;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, env, encoding: 'utf-8', timeout: 60_000 });
    return { status: run.status, stderr: run.stderr, seconds: (Date.now() - started) / 1000 };
  }

  test('refuses what runs in the cluster would refuse, though the output folder is empty; passes the same spec', () => {
    const namespace = createNamespace('guard');
    try {
      expect(apply(namespace, synthesize(BEFORE, namespace)).stderr).toBe('');
      const env: NodeJS.ProcessEnv = { ...CLUSTER_ENV, STATEFUL_WEB_GUARD_CLUSTER: 'true' };
      delete env.STATEFUL_WEB_ALLOW_BREAKING_CHANGES;

      const refused = runApp(path.join(work(), 'dist'), namespace, { serviceName: 'nginx-peers' }, env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(
        /^synth refused: 1 breaking change to a StatefulSet, compared with the cluster of kubeconfig context ".*" \(live, read-only\):/,
      );
      expect(refused.stderr).toContain(`StatefulSet ${namespace}/web: spec.serviceName changes from "nginx" to "nginx-peers".`);

      const same = runApp(path.join(work(), 'dist'), namespace, {}, env);
      expect(same.stderr).toMatch(
        /^upgrade guard: compared with the cluster of kubeconfig context ".*" \(live, read-only\): no breaking change\.$/m,
      );
      expect(same.status).toBe(0);
    } finally {
      deleteNamespace(namespace);
    }
  });

  test('a cluster that refuses connections, or accepts them and never answers: a clear message, exit 1, within the timeout', () => {
    // A server that accepts connections and never answers, in a process of its own (this one
    // blocks in spawnSync while the app runs); and a port that refuses connections.
    const portFile = path.join(work(), 'port');
    const silent = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('net').createServer(() => undefined).listen(0, '127.0.0.1', () => require('fs').writeFileSync(${JSON.stringify(portFile)}, String(s.address().port)))`,
      ],
      { stdio: 'ignore' },
    );
    const port = waitFor('the silent server', 10_000, () => fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf-8'));
    const kubeconfig = (server: string) => {
      const file = path.join(work(), 'kubeconfig');
      fs.writeFileSync(
        file,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: away',
          'clusters: [{ name: away, cluster: { server: "' + server + '", insecure-skip-tls-verify: true } }]',
          'users: [{ name: away, user: { token: nothing } }]',
          'contexts: [{ name: away, context: { cluster: away, user: away } }]',
          '',
        ].join('\n'),
      );
      return file;
    };
    try {
      const env = { ...process.env, KUBECTL, STATEFUL_WEB_GUARD_CLUSTER: 'true' };
      for (const [what, server, within] of [
        ['never answers', `https://127.0.0.1:${port}`, 30],
        ['refuses connections', 'https://127.0.0.1:1', 30],
      ] as const) {
        const outdir = path.join(work(), 'dist');
        const run = runApp(outdir, 'default', {}, { ...env, KUBECONFIG: kubeconfig(server) });
        expect({ what, status: run.status }).toEqual({ what, status: 1 });
        expect(run.stderr).toMatch(
          /^upgrade guard: cannot read the cluster: `.*kubectl get statefulsets -n default .*` (failed: ".+"|did not answer in 15 s)\. The guard was asked to compare with the cluster/,
        );
        expect(run.stderr).toContain('nothing was compared, so nothing is written.');
        expect(run.stderr).not.toMatch(/^\s+at /m);
        expect(run.seconds).toBeLessThan(within);
        expect(fs.existsSync(outdir)).toBe(false);
      }
    } finally {
      silent.kill();
    }
  });
});
