// The README's walkthrough (docs: "Walking through it with kubectl"), on the committed dist/,
// applied the way README says (`kubectl apply -k dist/`), against the real control plane: ordered
// creation, claims bound, stable DNS names through CoreDNS, pods that come back with their names
// and claims, scaling that keeps claims, and claims that outlive the StatefulSet.
import { promises as dns } from 'dns';
import * as path from 'path';
import { createNamespace, deleteNamespace, dnsPort, getJson, kubectl, requireCluster, ROOT, waitFor } from './kube';

const WAIT = 120_000;

interface PodState { name: string; uid: string; ready: boolean; ip?: string; claims: string[]; created: string; readySince?: string }
interface ClaimState { name: string; uid: string; phase: string; volume?: string }

function pods(namespace: string): PodState[] {
  return getJson(['pods', '-n', namespace, '-l', 'app=nginx']).items.map((pod: any) => {
    const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    return {
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      ready: pod.status?.phase === 'Running' && ready?.status === 'True' && !pod.metadata.deletionTimestamp,
      ip: pod.status?.podIP,
      claims: (pod.spec.volumes ?? []).filter((v: any) => v.persistentVolumeClaim).map((v: any) => v.persistentVolumeClaim.claimName),
      created: pod.metadata.creationTimestamp,
      readySince: ready?.status === 'True' ? ready.lastTransitionTime : undefined,
    };
  }).sort((a: PodState, b: PodState) => a.name.localeCompare(b.name));
}

function claims(namespace: string): ClaimState[] {
  return getJson(['pvc', '-n', namespace]).items.map((pvc: any) => ({
    name: pvc.metadata.name, uid: pvc.metadata.uid, phase: pvc.status?.phase, volume: pvc.spec.volumeName,
  })).sort((a: ClaimState, b: ClaimState) => a.name.localeCompare(b.name));
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
    waitFor('web-0 and web-1 Running and Ready', WAIT, () => {
      const now = pods(namespace);
      snapshots.push(now);
      return now.length === 2 && now.every((p) => p.ready);
    }, 100);
    for (const snapshot of snapshots) {
      const web0 = snapshot.find((p) => p.name === 'web-0');
      if (snapshot.some((p) => p.name === 'web-1')) expect(web0?.ready).toBe(true);
    }
    // The order was seen, not only inferred: some listing had web-0 alone.
    expect(snapshots.some((s) => s.length === 1 && s[0].name === 'web-0')).toBe(true);
    const [web0, web1] = pods(namespace);
    expect(Date.parse(web1.created)).toBeGreaterThanOrEqual(Date.parse(web0.readySince!));
  });

  test('www-web-0 and www-web-1 are Bound, one to each pod', () => {
    firstClaims = waitForBoundClaims(namespace, ['www-web-0', 'www-web-1']);
    expect(pods(namespace).map((p) => p.claims)).toEqual([['www-web-0'], ['www-web-1']]);
    expect(new Set(firstClaims.map((c) => c.volume)).size).toBe(2);
  });

  test('web-N.nginx.<namespace>.svc.cluster.local resolve through CoreDNS to the pods\' IPs', async () => {
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

  test('deleted pods come back with the same names and the same claims', () => {
    const before = pods(namespace);
    kubectl(['delete', 'pod', '-l', 'app=nginx', '-n', namespace]);
    const after = waitFor('new pods web-0 and web-1 Ready', WAIT, () => {
      const now = pods(namespace);
      return now.length === 2 && now.every((p, i) => p.ready && p.uid !== before[i].uid) && now;
    });
    expect(after.map((p) => p.name)).toEqual(['web-0', 'web-1']);
    expect(after.map((p) => p.claims)).toEqual([['www-web-0'], ['www-web-1']]);
    // The same claim objects (UIDs), bound to the same volumes.
    expect(claims(namespace)).toEqual(firstClaims);
  });

  test('scaling to 5 gives five claims; back to 2 keeps the claims of the removed pods', () => {
    kubectl(['scale', 'statefulset', 'web', '--replicas=5', '-n', namespace]);
    waitForReadyPods(namespace, names('web', 5));
    const five = waitForBoundClaims(namespace, names('www-web', 5));
    kubectl(['scale', 'statefulset', 'web', '--replicas=2', '-n', namespace]);
    waitForReadyPods(namespace, names('web', 2));
    expect(claims(namespace)).toEqual(five);
  });

  test('deleting the StatefulSet keeps the claims (Retain)', () => {
    const before = claims(namespace);
    kubectl(['delete', 'statefulset', 'web', '-n', namespace]);
    waitFor('the pods to be gone', WAIT, () => pods(namespace).length === 0);
    expect(claims(namespace)).toEqual(before);
    expect(before.map((c) => c.name)).toEqual(names('www-web', 5));
  });
});
