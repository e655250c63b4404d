// The README's walkthrough (docs/walkthrough.md, "Walking through it with kubectl"), on the
// committed dist/, applied the way README says (`kubectl apply -k dist/`), with running containers
// on the real nodes (the stand-in of bitnami/nginx, docs/cluster.md): ordered creation held by a
// real readiness probe, claims bound, each pod's hostname, stable DNS names (through CoreDNS, and
// from a busybox pod), data written into each pod's volume and read back with curl in the pod and
// from the other pod, pods that come back with their names, claims and data, scaling that keeps
// claims, and data that outlives the StatefulSet. The default StorageClass makes folders of mode
// 0777, as the local-path provisioner does, so the image's user can write the volume without
// fsGroup (volume-permissions.cluster.test.ts covers storage that does not).
import { promises as dns } from 'dns';
import * as path from 'path';
import { createNamespace, deleteNamespace, dnsPort, exec, getJson, kubectl, requireCluster, ROOT, runOnce, waitFor } from './kube';

const WAIT = 120_000;

interface PodState {
  name: string;
  uid: string;
  ready: boolean;
  ip?: string;
  node?: string;
  claims: string[];
  created: string;
  readySince?: string;
}
interface ClaimState {
  name: string;
  uid: string;
  phase: string;
  volume?: string;
}

function pods(namespace: string): PodState[] {
  return getJson(['pods', '-n', namespace, '-l', 'app=nginx'])
    .items.map((pod: any) => {
      const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      return {
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        ready: pod.status?.phase === 'Running' && ready?.status === 'True' && !pod.metadata.deletionTimestamp,
        ip: pod.status?.podIP,
        node: pod.spec.nodeName,
        claims: (pod.spec.volumes ?? []).filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName),
        created: pod.metadata.creationTimestamp,
        readySince: ready?.status === 'True' ? ready.lastTransitionTime : undefined,
      };
    })
    .sort((a: PodState, b: PodState) => a.name.localeCompare(b.name));
}

function claims(namespace: string): ClaimState[] {
  return getJson(['pvc', '-n', namespace])
    .items.map((pvc: any) => ({
      name: pvc.metadata.name,
      uid: pvc.metadata.uid,
      phase: pvc.status?.phase,
      volume: pvc.spec.volumeName,
    }))
    .sort((a: ClaimState, b: ClaimState) => a.name.localeCompare(b.name));
}

/** Waits until exactly the pods `names` exist and are Running and Ready. */
function waitForReadyPods(namespace: string, names: string[]): PodState[] {
  return waitFor(`pods ${names.join(', ')} Running and Ready`, WAIT, () => {
    const now = pods(namespace);
    return now.length === names.length && now.every((p, i) => p.name === names[i] && p.ready) && now;
  });
}

function waitForBoundClaims(namespace: string, names: string[]): ClaimState[] {
  return waitFor(`claims ${names.join(', ')} Bound`, WAIT, () => {
    const now = claims(namespace);
    return now.length === names.length && now.every((c, i) => c.name === names[i] && c.phase === 'Bound') && now;
  });
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** What `curl -sS <url>` prints in pod `from` (nginx on 8080), or its error. */
function curl(namespace: string, from: string, url: string): string {
  const result = exec(namespace, from, ['curl', '-sS', '--max-time', '10', url]);
  return result.ok ? result.stdout : `curl failed: ${result.stderr.trim()}`;
}

/** Writes `$(hostname)` into the pod's document root, as the walkthrough does. */
function writeHostname(namespace: string, pod: string): void {
  const result = exec(namespace, pod, ['sh', '-c', 'echo "$(hostname)" > /app/index.html']);
  expect({ pod, ...result }).toMatchObject({ pod, ok: true, stderr: '' });
}

describe('the walkthrough on dist/', () => {
  let namespace: string;
  let firstClaims: ClaimState[];

  beforeAll(() => {
    requireCluster();
    namespace = createNamespace('walkthrough');
  });
  afterAll(() => {
    if (namespace) deleteNamespace(namespace);
  });

  test('kubectl apply -k dist/ creates web-0, and web-1 only once web-0 is Running and Ready', () => {
    const output = kubectl(['apply', '-k', path.join(ROOT, 'dist'), '-n', namespace]);
    expect(output).toMatch(/service\/nginx created/);
    expect(output).toMatch(/statefulset.apps\/web created/);
    expect(getJson(['service', 'nginx', '-n', namespace]).spec.clusterIP).toBe('None');

    // Every listing until both are Ready: web-1 never exists while web-0 is not Ready.
    const snapshots: PodState[][] = [];
    waitFor(
      'web-0 and web-1 Running and Ready',
      WAIT,
      () => {
        const now = pods(namespace);
        snapshots.push(now);
        return now.length === 2 && now.every((p) => p.ready);
      },
      100,
    );
    for (const snapshot of snapshots) {
      const web0 = snapshot.find((p) => p.name === 'web-0');
      if (snapshot.some((p) => p.name === 'web-1')) expect(web0?.ready).toBe(true);
    }
    // The order was seen, not only inferred: some listing had web-0 alone.
    expect(snapshots.some((s) => s.length === 1 && s[0].name === 'web-0')).toBe(true);
    const [web0, web1] = pods(namespace);
    expect(Date.parse(web1.created)).toBeGreaterThanOrEqual(Date.parse(web0.readySince!));
    // Real containers, placed apart by the default anti-affinity, Ready through the kubelet's TCP probe.
    expect([web0.node, web1.node].sort()).toEqual(['real-node-0', 'real-node-1']);
    const web0Status = getJson(['pod', 'web-0', '-n', namespace]).status.containerStatuses[0];
    expect(web0Status).toMatchObject({ name: 'nginx', ready: true, started: true, state: { running: expect.anything() } });
    expect(web0Status.imageID).toMatch(/^docker\.io\/bitnami\/nginx@sha256:/);
  });

  test('www-web-0 and www-web-1 are Bound, one to each pod', () => {
    firstClaims = waitForBoundClaims(namespace, ['www-web-0', 'www-web-1']);
    expect(pods(namespace).map((p) => p.claims)).toEqual([['www-web-0'], ['www-web-1']]);
    expect(new Set(firstClaims.map((c) => c.volume)).size).toBe(2);
  });

  test('kubectl exec web-N -- hostname gives web-N', () => {
    for (const pod of ['web-0', 'web-1']) {
      expect({ pod, hostname: exec(namespace, pod, ['hostname']).stdout.trim() }).toEqual({ pod, hostname: pod });
    }
  });

  test("nslookup web-N.nginx from a busybox:1.28 pod (kubectl run --rm) gives the pod's IP", () => {
    for (const pod of pods(namespace)) {
      const result = runOnce(namespace, `dns-${pod.name}`, 'busybox:1.28', ['nslookup', `${pod.name}.nginx`]);
      expect({ pod: pod.name, ok: result.ok, stderr: result.stderr }).toEqual({ pod: pod.name, ok: true, stderr: '' });
      expect(result.stdout).toContain(`Name:\t${pod.name}.nginx.${namespace}.svc.cluster.local\nAddress: ${pod.ip}\n`);
    }
  });

  test("web-N.nginx.<namespace>.svc.cluster.local resolve through CoreDNS to the pods' IPs", async () => {
    const resolver = new dns.Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([`127.0.0.1:${dnsPort()}`]);
    const current = pods(namespace);
    for (const pod of current) {
      const name = `${pod.name}.nginx.${namespace}.svc.cluster.local`;
      // The EndpointSlice controller and CoreDNS's cache can trail the pod's readiness by a moment.
      let answer: string[] = [];
      for (let attempt = 0; attempt < 40 && answer[0] !== pod.ip; attempt++) {
        answer = await resolver.resolve4(name).catch(() => []);
        if (answer[0] !== pod.ip) await new Promise((r) => setTimeout(r, 250));
      }
      expect({ name, answer }).toEqual({ name, answer: [pod.ip] });
    }
    // The headless Service's own name answers with every pod.
    const all = await resolver.resolve4(`nginx.${namespace}.svc.cluster.local`);
    expect(all.sort()).toEqual(current.map((p) => p.ip).sort());
  });

  test('echo $(hostname) > /app/index.html, then curl localhost:8080 in each pod, and from the other by DNS name, give web-N', () => {
    // Until then the empty volume hides any index.html: nginx answers 403.
    expect(curl(namespace, 'web-0', 'http://localhost:8080/')).toMatch(/403 Forbidden/);
    for (const pod of ['web-0', 'web-1']) writeHostname(namespace, pod);
    expect(curl(namespace, 'web-0', 'http://localhost:8080/')).toBe('web-0\n');
    expect(curl(namespace, 'web-1', 'http://localhost:8080/')).toBe('web-1\n');
    expect(curl(namespace, 'web-0', 'http://web-1.nginx:8080/')).toBe('web-1\n');
    expect(curl(namespace, 'web-1', 'http://web-0.nginx:8080/')).toBe('web-0\n');
  });

  test('deleted pods come back with the same names, the same claims and the same data', () => {
    const before = pods(namespace);
    kubectl(['delete', 'pod', '-l', 'app=nginx', '-n', namespace]);
    const after = waitFor('new pods web-0 and web-1 Ready', WAIT, () => {
      const now = pods(namespace);
      return now.length === 2 && now.every((p, i) => p.ready && p.uid !== before[i].uid) && now;
    });
    expect(after.map((p) => p.name)).toEqual(['web-0', 'web-1']);
    expect(after.map((p) => p.claims)).toEqual([['www-web-0'], ['www-web-1']]);
    // The same claim objects (UIDs), bound to the same volumes, with the data written before.
    expect(claims(namespace)).toEqual(firstClaims);
    expect(curl(namespace, 'web-0', 'http://localhost:8080/')).toBe('web-0\n');
    expect(curl(namespace, 'web-1', 'http://localhost:8080/')).toBe('web-1\n');
  });

  test('scaling to 5 gives five claims and new pods that serve; back to 2 keeps the claims of the removed pods', () => {
    kubectl(['scale', 'statefulset', 'web', '--replicas=5', '-n', namespace]);
    waitForReadyPods(namespace, names('web', 5));
    const five = waitForBoundClaims(namespace, names('www-web', 5));
    for (const pod of ['web-2', 'web-3', 'web-4']) {
      writeHostname(namespace, pod);
      expect({ pod, body: curl(namespace, 'web-0', `http://${pod}.nginx:8080/`) }).toEqual({ pod, body: `${pod}\n` });
    }
    kubectl(['scale', 'statefulset', 'web', '--replicas=2', '-n', namespace]);
    waitForReadyPods(namespace, names('web', 2));
    expect(claims(namespace)).toEqual(five);
  });

  test('kubectl delete -k dist/ keeps the claims (Retain); applied again, web-0 serves its old data', () => {
    const before = claims(namespace);
    kubectl(['delete', '-k', path.join(ROOT, 'dist'), '-n', namespace]);
    waitFor('the pods to be gone', WAIT, () => pods(namespace).length === 0);
    expect(claims(namespace)).toEqual(before);
    expect(before.map((c) => c.name)).toEqual(names('www-web', 5));

    kubectl(['apply', '-k', path.join(ROOT, 'dist'), '-n', namespace]);
    waitForReadyPods(namespace, names('web', 2));
    expect(claims(namespace)).toEqual(before);
    expect(curl(namespace, 'web-0', 'http://localhost:8080/')).toBe('web-0\n');
    expect(curl(namespace, 'web-0', 'http://web-1.nginx:8080/')).toBe('web-1\n');
  });
});
