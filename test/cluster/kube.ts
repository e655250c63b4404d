// The cluster tests' way to the API server: the kubectl built with the cluster
// (.cluster/bin/kubectl, see scripts/cluster/up.sh), with the cluster's kubeconfig.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { StatefulWebProps, TaintEffect } from '../../lib';
import { stringifyManifests } from '../../lib/synth/yaml';

export const ROOT = path.resolve(__dirname, '..', '..');
const STATE = path.join(ROOT, '.cluster');
export const KUBECONFIG = path.join(STATE, 'kubeconfig');
export const KUBECTL = path.join(STATE, 'bin', 'kubectl');

/**
 * The props that put a StatefulWeb's pods on kwok's nodes (scripts/cluster/nodes.yaml), which are
 * tainted so that every other pod runs on the real nodes: for tests that need many pods or
 * volumes and no running container.
 */
export const ON_KWOK_NODES: Pick<StatefulWebProps, 'nodeSelector' | 'tolerations'> = {
  nodeSelector: { type: 'kwok' },
  tolerations: [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: TaintEffect.NO_SCHEDULE }],
};

/** A Kubernetes object as JSON. */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; [key: string]: any }; [key: string]: any };

/** The loopback port CoreDNS answers on (scripts/cluster/ports.sh). */
export function dnsPort(): number {
  const out = execFileSync('bash', ['-c', `. ${JSON.stringify(path.join(ROOT, 'scripts/cluster/ports.sh'))}; echo $DNS_PORT`], {
    encoding: 'utf-8',
  });
  return Number(out.trim());
}

/** The loopback port of the stand-in images' registry (scripts/cluster/ports.sh). */
export function registryPort(): number {
  const out = execFileSync('bash', ['-c', `. ${JSON.stringify(path.join(ROOT, 'scripts/cluster/ports.sh'))}; echo $REGISTRY_PORT`], {
    encoding: 'utf-8',
  });
  return Number(out.trim());
}

/** The helm that `npm run cluster:up` built (scripts/cluster/build.sh, HELM_VERSION of versions.sh). */
export function helmBinary(): string {
  const out = execFileSync(
    'bash',
    ['-c', `. ${JSON.stringify(path.join(ROOT, 'scripts/cluster/versions.sh'))}; echo "$CLUSTER_CACHE/helm-$HELM_VERSION/bin/helm"`],
    { encoding: 'utf-8' },
  );
  return out.trim();
}

/** Fails with a clear message when `npm run cluster:up` has not run. */
export function requireCluster(): void {
  if (!fs.existsSync(KUBECONFIG) || !fs.existsSync(KUBECTL)) {
    throw new Error(`no cluster: ${KUBECONFIG} is missing. Run 'npm run cluster:up' (or 'npm run test:cluster', which starts one).`);
  }
}

export interface KubectlResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl; never throws for kubectl's own failure (see `ok`). */
export function kubectlResult(args: readonly string[], input?: string): KubectlResult {
  const result = spawnSync(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], {
    input,
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

/** Runs kubectl and returns its output; throws with kubectl's error output when it fails. */
export function kubectl(args: readonly string[], input?: string): string {
  const result = kubectlResult(args, input);
  if (!result.ok) throw new Error(`kubectl ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** kubectl get ... -o json, parsed. */
export function getJson(args: readonly string[]): any {
  return JSON.parse(kubectl(['get', ...args, '-o', 'json']));
}

/**
 * A multi-document YAML stream of `objects`, written as ManifestApp writes dist/
 * (lib/synth/yaml.ts): cdk8s's YAML 1.1, with every string that Go's readers would take for
 * something else double-quoted, so that kubectl reads back the strings the objects hold.
 */
export function yamlStream(objects: readonly object[]): string {
  return stringifyManifests(...objects);
}

/**
 * Sends `objects` to the API server as `kubectl apply --server-side --dry-run=server
 * --validate=strict` does: validation, defaulting, admission (Pod Security included) and strict
 * field checks, nothing stored.
 */
export function dryRunApply(namespace: string, objects: readonly object[]): KubectlResult {
  return kubectlResult(
    [
      'apply',
      '-n',
      namespace,
      '--server-side',
      '--dry-run=server',
      '--validate=strict',
      '--field-manager=cdk8s-stateful-web-test',
      '-f',
      '-',
    ],
    yamlStream(objects),
  );
}

/** Applies `objects` for real (server-side apply, strict field validation). */
export function apply(namespace: string, objects: readonly object[]): KubectlResult {
  return kubectlResult(
    ['apply', '-n', namespace, '--server-side', '--validate=strict', '--field-manager=cdk8s-stateful-web-test', '-f', '-'],
    yamlStream(objects),
  );
}

let namespaceCount = 0;

/**
 * Creates a namespace for one test, labelled to enforce the restricted Pod Security Standard, and
 * waits for its default ServiceAccount (the ServiceAccount admission refuses Pods before it exists).
 * More ServiceAccounts can be named for props that set `serviceAccountName`.
 */
export function createNamespace(prefix: string, serviceAccounts: readonly string[] = []): string {
  const name = `${prefix}-${process.pid}-${namespaceCount++}`;
  kubectl(
    ['apply', '-f', '-'],
    yamlStream([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' },
        },
      },
      ...serviceAccounts.map((sa) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: name } })),
    ]),
  );
  waitFor(`ServiceAccount default in ${name}`, 60_000, () => kubectlResult(['get', 'serviceaccount', 'default', '-n', name]).ok);
  return name;
}

/**
 * Creates the PriorityClasses (cluster-wide) that pods name in `priorityClassName`, if they do not
 * exist: the Priority admission refuses a pod whose class does not exist. Kept afterwards, like
 * the cluster: other tests may name them too.
 */
export function ensurePriorityClasses(names: readonly string[]): void {
  if (names.length === 0) return;
  kubectl(
    ['apply', '-f', '-'],
    yamlStream(
      names.map((name) => ({
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name },
        value: 1000,
        globalDefault: false,
      })),
    ),
  );
}

/** Runs a command in a pod's container (`kubectl exec`); never throws for the command's failure. */
export function exec(namespace: string, pod: string, command: readonly string[], container?: string): KubectlResult {
  return kubectlResult(['exec', '-n', namespace, pod, ...(container ? ['-c', container] : []), '--', ...command]);
}

/**
 * What a restricted namespace asks of a pod that `kubectl run` starts: a non-root user and the
 * restricted securityContext, through `--overrides` (strategic merge by container name).
 */
export function restrictedOverrides(name: string, user = 65534): string {
  return JSON.stringify({
    apiVersion: 'v1',
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: user, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  });
}

/**
 * `kubectl run NAME --image IMAGE --restart=Never [-- COMMAND...]` in a restricted namespace (the
 * restricted securityContext through --overrides): creates the pod and returns at once.
 */
export function runPod(namespace: string, name: string, image: string, command: readonly string[] = []): KubectlResult {
  return kubectlResult([
    'run',
    name,
    '-n',
    namespace,
    '--image',
    image,
    '--restart=Never',
    '--override-type=strategic',
    `--overrides=${restrictedOverrides(name)}`,
    ...(command.length > 0 ? ['--', ...command] : []),
  ]);
}

/**
 * The pod of `kubectl run NAME --image IMAGE --restart=Never --rm -i -- COMMAND...` in a restricted
 * namespace: a pod that runs the command once, on a real node; its output and whether it
 * succeeded, then the pod deleted. Not through `--rm -i` itself: when the command ends before
 * kubectl attaches, kubectl falls back to the log and at times prints nothing at all, and the test
 * failed by chance on it. The same pod is created, waited for until it has ended, its log read,
 * and deleted.
 */
export function runOnce(namespace: string, name: string, image: string, command: readonly string[]): KubectlResult {
  const created = runPod(namespace, name, image, command);
  if (!created.ok) return created;
  try {
    const phase = waitFor(`pod ${namespace}/${name} to end`, 120_000, () => {
      const p = getJson(['pod', name, '-n', namespace]) as { status?: { phase?: string } };
      return ['Succeeded', 'Failed'].includes(p.status?.phase ?? '') && p.status!.phase!;
    });
    const logs = kubectlResult(['logs', name, '-n', namespace]);
    return { ok: phase === 'Succeeded' && logs.ok, stdout: logs.stdout, stderr: logs.stderr };
  } finally {
    kubectlResult(['delete', 'pod', name, '-n', namespace, '--wait=false']);
  }
}

/** Deletes a namespace without waiting for its finalization. */
export function deleteNamespace(name: string): void {
  kubectlResult(['delete', 'namespace', name, '--wait=false']);
}

/**
 * For the tests of one file or describe block: returns `namespace(prefix)`, which creates a
 * namespace as createNamespace does, and deletes every namespace it created after the block's
 * tests (Jest's afterAll, registered where this is called).
 */
export function namespacesDeletedAfterAll(): (prefix: string) => string {
  const created: string[] = [];
  afterAll(() => created.forEach(deleteNamespace));
  return (prefix) => {
    const name = createNamespace(prefix);
    created.push(name);
    return name;
  };
}

/** Polls `check` (synchronously, every `intervalMs`) until it returns a truthy value; throws after `timeoutMs`. */
export function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined | false, intervalMs = 250): T {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    try {
      const value = check();
      if (value) return value;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, intervalMs);
  }
}

/**
 * The Pod that the StatefulSet controller would create for `ordinal` from a synthesized
 * StatefulSet: its template, named `<set>-<ordinal>`, with the hostname and subdomain that give it
 * its DNS name and a volume per claim template pointing at the claim `<template>-<set>-<ordinal>`
 * (what pkg/controller/statefulset's newStatefulSetPod does). Pod validation and Pod Security
 * admission apply to Pods, not to the template inside a StatefulSet: this is how the tests get
 * the server to judge the pods a StatefulWeb will run.
 */
export function podFromStatefulSet(statefulSet: KubeObject, ordinal = 0): KubeObject {
  const set = statefulSet.metadata.name;
  const template = statefulSet.spec.template;
  const podName = `${set}-${ordinal}`;
  const claimVolumes = (statefulSet.spec.volumeClaimTemplates ?? []).map((claim: KubeObject) => ({
    name: claim.metadata.name,
    persistentVolumeClaim: { claimName: `${claim.metadata.name}-${podName}` },
  }));
  const ownVolumes = (template.spec.volumes ?? []).filter(
    (v: { name: string }) => !claimVolumes.some((c: { name: string }) => c.name === v.name),
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...template.metadata,
      name: podName,
      labels: {
        ...template.metadata?.labels,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
    },
    spec: {
      ...template.spec,
      hostname: podName,
      subdomain: statefulSet.spec.serviceName,
      volumes: [...ownVolumes, ...claimVolumes],
    },
  };
}

/** The objects to send for a synthesis: every object, and a Pod for each StatefulSet. */
export function withPods(objects: readonly KubeObject[]): KubeObject[] {
  const pods = objects.filter((o) => o.kind === 'StatefulSet').map((set) => podFromStatefulSet(set, set.spec.ordinals?.start ?? 0));
  return [...objects, ...pods];
}

/** Strips namespaces that a chart set, so that a test namespace takes the objects. */
export function inNamespace(objects: readonly KubeObject[], namespace: string): KubeObject[] {
  return objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
}
