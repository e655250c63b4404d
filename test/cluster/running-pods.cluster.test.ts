// What only a running pod shows, on the real nodes with the stand-in images (docs/cluster.md):
// a read-only root filesystem with `writablePaths` that nginx starts on, a readiness probe that
// holds an OrderedReady roll-out, a preStop sleep that delays termination, an init container that
// seeds the volume, and a sidecar whose port answers.
import { App, Chart, Duration } from 'cdk8s';
import { LifecycleHandler, StatefulWeb, StatefulWebProps, VolumeSource, WebProbe } from '../../lib';
import { WEB_EXAMPLE_PROPS } from '../../main';
import {
  apply,
  exec,
  getJson,
  inNamespace,
  KubeObject,
  namespacesDeletedAfterAll,
  kubectl,
  kubectlResult,
  requireCluster,
  waitFor,
} from './kube';

const WAIT = 120_000;
// The production example's image and the paths it lists for it (examples/production.ts).
const PRODUCTION_IMAGE = 'bitnamilegacy/nginx:1.29.1-debian-12-r0';
const WRITABLE_PATHS = ['/tmp', '/opt/bitnami/nginx/tmp', '/opt/bitnami/nginx/logs', '/opt/bitnami/nginx/conf/server_blocks'];
const ONE_POD: StatefulWebProps = { ...WEB_EXAMPLE_PROPS, replicas: 1 };

function synthesize(
  namespace: string,
  props: StatefulWebProps,
  more: (web: StatefulWeb) => void = () => {},
  extra: KubeObject[] = [],
): KubeObject[] {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'running');
  more(new StatefulWeb(chart, 'web', props));
  return inNamespace([...extra, ...(chart.toJson() as KubeObject[])], namespace);
}

function pod(namespace: string, name = 'web-0'): any {
  return getJson(['pods', '-n', namespace]).items.find((p: any) => p.metadata.name === name);
}
const isReady = (p: any) => p?.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True' && !p.metadata.deletionTimestamp;

function applyAndWaitReady(namespace: string, objects: KubeObject[], name = 'web-0'): any {
  const applied = apply(namespace, objects);
  expect(applied.stderr).toBe('');
  return waitFor(`${name} Running and Ready`, WAIT, () => {
    const p = pod(namespace, name);
    return isReady(p) && p;
  });
}

const curl = (namespace: string, url: string, container = 'nginx') =>
  exec(namespace, 'web-0', ['curl', '-sS', '--max-time', '10', url], container);

beforeAll(requireCluster);
const namespace = namespacesDeletedAfterAll();

describe('readOnlyRootFilesystem', () => {
  test("with the production example's writablePaths, nginx starts and serves; the rest of / is read-only", () => {
    const ns = namespace('rofs');
    applyAndWaitReady(
      ns,
      synthesize(ns, { ...ONE_POD, image: PRODUCTION_IMAGE, readOnlyRootFilesystem: true, writablePaths: WRITABLE_PATHS }),
    );
    expect(exec(ns, 'web-0', ['sh', '-c', 'echo "$(hostname)" > /app/index.html']).ok).toBe(true);
    expect(curl(ns, 'http://localhost:8080/').stdout).toBe('web-0\n');
    const write = exec(ns, 'web-0', ['touch', '/opt/bitnami/nginx/conf/extra.conf']);
    expect(write.ok).toBe(false);
    expect(write.stderr).toContain('Read-only file system');
  });

  test('without them, nginx cannot write its temporary files and the container fails', () => {
    const ns = namespace('rofs-none');
    expect(apply(ns, synthesize(ns, { ...ONE_POD, image: PRODUCTION_IMAGE, readOnlyRootFilesystem: true })).stderr).toBe('');
    const status = waitFor("web-0's container to have failed", WAIT, () => {
      const s = pod(ns)?.status?.containerStatuses?.[0];
      return s?.lastState?.terminated && s;
    });
    expect(status.lastState.terminated.exitCode).not.toBe(0);
    // The kubelet keeps one dead instance per container: while it restarts the container, the
    // instance that lastState names can be gone for a moment, and its log with it.
    const log = waitFor('the log of a failed instance', WAIT, () => {
      const result = kubectlResult(['logs', '-n', ns, 'web-0', '--previous']);
      return result.ok && result.stdout;
    });
    expect(log).toMatch(/\/opt\/bitnami\/nginx\/tmp\/.*Read-only file system/);
    expect(isReady(pod(ns))).toBe(false);
  });
});

test('a readiness probe that fails holds the OrderedReady roll-out: web-1 is not created until web-0 is Ready', () => {
  const ns = namespace('probe');
  // The empty volume has no /healthz: nginx answers 404, and the probe fails every second.
  apply(ns, synthesize(ns, { ...WEB_EXAMPLE_PROPS, readinessProbe: WebProbe.httpGet('/healthz', { period: Duration.seconds(1) }) }));
  waitFor('five failed readiness probes of web-0', WAIT, () => {
    const events = getJson(['events', '-n', ns, '--field-selector', 'involvedObject.name=web-0,reason=Unhealthy']).items;
    return events.reduce((n: number, e: any) => n + (e.count ?? 1), 0) >= 5;
  });
  expect(pod(ns).status.containerStatuses[0].state.running).toBeDefined();
  expect(isReady(pod(ns))).toBe(false);
  expect(pod(ns, 'web-1')).toBeUndefined();
  expect(getJson(['statefulset', 'web', '-n', ns]).status.replicas).toBe(1);

  // The probe was what held it: once /healthz answers, web-0 turns Ready and web-1 is created
  // (whose own empty volume has no /healthz).
  expect(exec(ns, 'web-0', ['sh', '-c', 'echo ok > /app/healthz']).ok).toBe(true);
  waitFor('web-0 Ready and web-1 created', WAIT, () => isReady(pod(ns)) && pod(ns, 'web-1'));
});

describe('a preStop sleep', () => {
  /** How long `kubectl delete pod web-0` waits for the pod to be gone. */
  function deletionTime(ns: string): number {
    const start = Date.now();
    kubectl(['delete', 'pod', 'web-0', '-n', ns, '--wait=true']);
    return Date.now() - start;
  }

  test("delays the pod's termination by its length; without it nginx stops at once", () => {
    const withSleep = namespace('prestop');
    applyAndWaitReady(withSleep, synthesize(withSleep, { ...ONE_POD, preStop: LifecycleHandler.sleep(Duration.seconds(10)) }));
    const without = namespace('prestop-none');
    applyAndWaitReady(without, synthesize(without, ONE_POD));
    expect(deletionTime(withSleep)).toBeGreaterThanOrEqual(10_000);
    expect(deletionTime(without)).toBeLessThan(10_000);
  });
});

test('an init container seeds the volume before the server starts', () => {
  const ns = namespace('init');
  const p = applyAndWaitReady(
    ns,
    synthesize(ns, ONE_POD, (web) =>
      web.addInitContainer('seed', {
        image: 'bitnami/nginx',
        command: ['sh', '-c', 'echo "seeded by $(hostname)" > /app/index.html'],
        volumeMounts: [{ name: 'www', mountPath: '/app' }],
      }),
    ),
  );
  const init = p.status.initContainerStatuses[0];
  expect(init).toMatchObject({ name: 'seed', state: { terminated: { exitCode: 0 } } });
  expect(Date.parse(init.state.terminated.finishedAt)).toBeLessThanOrEqual(
    Date.parse(p.status.containerStatuses[0].state.running.startedAt),
  );
  expect(curl(ns, 'http://localhost:8080/').stdout).toBe('seeded by web-0\n');
});

test("a sidecar's port answers: the Prometheus exporter reads nginx's stub_status", () => {
  const ns = namespace('sidecar');
  // nginx's stub_status on a port of its own, among the stand-in's server blocks (as the
  // production example mounts its ConfigMap web-nginx-status).
  const status: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'nginx-status' },
    data: { 'status.conf': 'server {\n  listen 127.0.0.1:8081;\n  location /status { stub_status; }\n}\n' },
  };
  applyAndWaitReady(
    ns,
    synthesize(
      ns,
      ONE_POD,
      (web) => {
        web.addVolume(
          'nginx-status',
          VolumeSource.configMap('nginx-status', { items: [{ key: 'status.conf', path: 'status.conf' }] }),
          '/opt/bitnami/nginx/conf/server_blocks/status.conf',
          { readOnly: true, subPath: 'status.conf' },
        );
        web.addSidecar('metrics', {
          image: 'nginx/nginx-prometheus-exporter:1.4.2',
          args: ['--nginx.scrape-uri=http://127.0.0.1:8081/status'],
          ports: [{ name: 'metrics', containerPort: 9113 }],
        });
      },
      [status],
    ),
  );
  const ip = pod(ns).status.podIP;
  // From the server's container over the pod's loopback, and at the pod's DNS name (its IP on the
  // bridge), where the headless Service publishes the sidecar's port.
  expect(curl(ns, 'http://localhost:9113/metrics').stdout).toMatch(/^nginx_up 1$/m);
  const other = exec(ns, 'web-0', ['curl', '-sS', '--max-time', '10', 'http://web-0.nginx:9113/metrics']);
  expect(other.stdout).toMatch(/^nginx_connections_active \d+$/m);
  expect(ip).toMatch(/^10\.250\.0\./);
});
