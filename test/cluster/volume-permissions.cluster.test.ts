// Who may write a fresh volume, with running containers on the real nodes. The example's pod sets
// no fsGroup (OpenShift's restricted-v2 SCC assigns one), so on plain Kubernetes the image's
// non-root user (1001) can write a new volume only if the storage makes it writable, or if fsGroup
// is set. The cluster's default class `local` behaves as the local-path provisioner (folders of
// mode 0777: walkthrough.cluster.test.ts writes them); `root-owned` behaves as cloud block storage
// (a root-owned folder of mode 0755, scripts/cluster/storage.sh), where:
// - the example as committed cannot write (the error docs/walkthrough.md shows);
// - `podUser: PodUser.fixed(1001)` can, through the fsGroup that the kubelet applies;
// - so can the example with the user and fsGroup that restricted-v2 would assign from the
//   namespace's range, set here as the SCC admission would set them (no OpenShift runs here).
import { App, Chart } from 'cdk8s';
import { PodUser, StatefulWeb, StatefulWebProps } from '../../lib';
import { WEB_EXAMPLE_PROPS } from '../../main';
import { apply, exec, getJson, inNamespace, KubeObject, namespacesDeletedAfterAll, requireCluster, waitFor } from './kube';

const WAIT = 120_000;
// The first of OpenShift's default namespace ranges (openshift.io/sa.scc.uid-range and
// supplemental-groups, 1000650000/10000 for example), which restricted-v2 assigns as runAsUser and fsGroup.
const ASSIGNED = 1000650000;

function synthesize(props: StatefulWebProps, namespace: string): KubeObject[] {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'permissions');
  new StatefulWeb(chart, 'web', props);
  return inNamespace(chart.toJson() as KubeObject[], namespace);
}

/** Applies the objects and waits for web-0 Ready; returns its pod. */
function run(namespace: string, objects: KubeObject[]): any {
  const applied = apply(namespace, objects);
  expect(applied.stderr).toBe('');
  return waitFor('web-0 Running and Ready', WAIT, () => {
    const pod = getJson(['pods', '-n', namespace]).items.find((p: any) => p.metadata.name === 'web-0');
    const ready = pod?.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True';
    return ready && pod;
  });
}

const write = (namespace: string) => exec(namespace, 'web-0', ['sh', '-c', 'echo "$(hostname)" > /app/index.html']);
const owner = (namespace: string) => exec(namespace, 'web-0', ['stat', '-c', '%u:%g %a', '/app']).stdout.trim();
const served = (namespace: string) => exec(namespace, 'web-0', ['curl', '-sS', 'http://localhost:8080/']).stdout;

const ON_ROOT_OWNED: StatefulWebProps = { ...WEB_EXAMPLE_PROPS, replicas: 1, storageClassName: 'root-owned' };

describe('a volume of the root-owned class (0755, owned by root), as cloud block storage gives', () => {
  beforeAll(requireCluster);
  const namespace = namespacesDeletedAfterAll();

  test('the example as committed (no fsGroup) starts, but its user 1001 cannot write the volume', () => {
    const ns = namespace('perm-default');
    const pod = run(ns, synthesize(ON_ROOT_OWNED, ns));
    expect(pod.spec.securityContext.fsGroup).toBeUndefined();
    expect(exec(ns, 'web-0', ['id', '-u']).stdout.trim()).toBe('1001');
    expect(owner(ns)).toBe('0:0 755');
    const result = write(ns);
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("can't create /app/index.html: Permission denied");
  });

  test('podUser: PodUser.fixed(1001) writes it: the kubelet gives the volume to fsGroup 1001', () => {
    const ns = namespace('perm-fixed');
    const pod = run(ns, synthesize({ ...ON_ROOT_OWNED, podUser: PodUser.fixed(1001) }, ns));
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 });
    // Group 1001, group-writable, setgid: what the kubelet's volume ownership does for fsGroup.
    expect(owner(ns)).toBe('0:1001 2775');
    expect(write(ns)).toMatchObject({ ok: true, stderr: '' });
    expect(served(ns)).toBe('web-0\n');
  });

  test("the example with the user and fsGroup that OpenShift's restricted-v2 assigns writes it too", () => {
    const ns = namespace('perm-assigned');
    const objects = synthesize(ON_ROOT_OWNED, ns).map((o) =>
      o.kind !== 'StatefulSet'
        ? o
        : {
            ...o,
            spec: {
              ...o.spec,
              template: {
                ...o.spec.template,
                spec: {
                  ...o.spec.template.spec,
                  securityContext: { ...o.spec.template.spec.securityContext, runAsUser: ASSIGNED, fsGroup: ASSIGNED },
                },
              },
            },
          },
    );
    run(ns, objects);
    expect(exec(ns, 'web-0', ['id', '-u']).stdout.trim()).toBe(String(ASSIGNED));
    expect(owner(ns)).toBe(`0:${ASSIGNED} 2775`);
    expect(write(ns)).toMatchObject({ ok: true, stderr: '' });
    expect(served(ns)).toBe('web-0\n');
  });
});
