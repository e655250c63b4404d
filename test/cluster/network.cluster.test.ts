// The real nodes send nothing off the machine (docs/cluster.md, "Nothing leaves the machine"):
// images come only from the local registry, with no fallback to the real one; pods have the
// bridge's subnet and no default route; there is no NAT, and ip_forward is as it was.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createNamespace, deleteNamespace, getJson, registryPort, requireCluster, ROOT, runOnce, runPod, waitFor } from './kube';

const NODES = path.join(ROOT, '.cluster', 'nodes');

let namespace: string;
beforeAll(() => {
  requireCluster();
  namespace = createNamespace('network');
});
afterAll(() => {
  if (namespace) deleteNamespace(namespace);
});

test('an image the local registry lacks fails to pull, from 127.0.0.1, not from its registry', () => {
  for (const [name, image] of [
    ['absent-docker', 'csw-test/absent:1'],
    ['absent-other', 'quay.io/csw-test/absent:1'],
  ]) {
    const created = runPod(namespace, name, image);
    expect(created).toMatchObject({ ok: true });
    const message = waitFor(`${name}'s pull to fail`, 60_000, () => {
      const waiting = getJson(['pod', name, '-n', namespace]).status?.containerStatuses?.[0]?.state?.waiting;
      return ['ErrImagePull', 'ImagePullBackOff'].includes(waiting?.reason) && waiting.message;
    });
    // The local registry's 404; the real registries would answer 401, and their names need a lookup.
    expect(message).toMatch(/: not found$/);
    expect(message).not.toMatch(/lookup|dial tcp|unauthorized|denied/);
  }
  // Every registry host that containerd contacted, as its log names them: the local registry only.
  const hosts = new Set(
    fs
      .readdirSync(path.join(ROOT, '.cluster', 'logs'))
      .filter((f) => f.startsWith('containerd-'))
      .flatMap((f) =>
        [...fs.readFileSync(path.join(ROOT, '.cluster', 'logs', f), 'utf-8').matchAll(/ host="?([^" ]+)"?/g)].map((m) => m[1]),
      ),
  );
  expect([...hosts]).toEqual([`127.0.0.1:${registryPort()}`]);
});

test("a pod has its address on the bridge's subnet and that route only", () => {
  const result = runOnce(namespace, 'routes', 'busybox:1.28', ['ip', 'route']);
  expect(result).toMatchObject({ ok: true, stderr: '' });
  const routes = result.stdout.trim().split('\n');
  expect(routes).toEqual([expect.stringMatching(/^10\.250\.0\.0\/24 dev eth0 scope link {2}src 10\.250\.0\.\d+ ?$/)]);
});

test('no NAT rule, and net.ipv4.ip_forward as it was before cluster:up', () => {
  expect(fs.readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf-8')).toBe(fs.readFileSync(path.join(NODES, 'ip_forward'), 'utf-8'));
  // Without iptables on the machine (nothing here installs it) there is no iptables NAT either.
  if (fs.existsSync('/usr/sbin/iptables-save')) {
    const nat = execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf-8' });
    expect(nat.split('\n').filter((line) => line.startsWith('-A '))).toEqual([]);
  }
});
