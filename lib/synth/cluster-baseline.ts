// The upgrade guard against the live cluster, when asked (STATEFUL_WEB_GUARD_CLUSTER=true, or
// ManifestApp's guardAgainstCluster): the StatefulSets that run in the cluster of the current
// kubeconfig context are the truth that the output folder, the lock file and git stand in for.
//
// Read-only: `kubectl get statefulsets`, with the StatefulWeb label `app.kubernetes.io/managed-by`,
// in each namespace of the output's StatefulSets. kubectl (the KUBECTL environment variable, else
// `kubectl` on the PATH) because it is what reads a kubeconfig in every form (certificates,
// tokens, exec plugins); a request that does not answer within the timeout stops the synth.
import { spawnSync } from 'child_process';
import type { Environment } from './environment';
import type { RenderedObject } from './upgrade-guard';

/** The environment variable that asks for the cluster as the guard's baseline. */
export const GUARD_CLUSTER_ENV = 'STATEFUL_WEB_GUARD_CLUSTER';

/** How long one kubectl request may take before the synth stops, in seconds. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** The label StatefulWeb puts on every object, which tells its StatefulSets from others in a namespace. */
const MANAGED_BY = 'app.kubernetes.io/managed-by=cdk8s';

/** Whether the environment asks for the cluster: STATEFUL_WEB_GUARD_CLUSTER is `true` or `1`. */
export function clusterGuardAskedBy(env: Environment): boolean {
  return ['true', '1'].includes((env[GUARD_CLUSTER_ENV] ?? '').toLowerCase());
}

/** The cluster could not be read: the synth stops, and says why. */
export class ClusterUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterUnreachable';
  }
}

/** The StatefulSets in the cluster that the new output's StatefulSets would replace, and how to name that baseline. */
export interface ClusterBaseline {
  /** The cluster's StatefulSets, and the new output's with the context's namespace where they have none. */
  readonly before: RenderedObject[];
  readonly after: RenderedObject[];
  /** For messages: `the cluster of kubeconfig context "kind-dev" (live, read-only)`. */
  readonly source: string;
}

/**
 * Reads the StatefulSets of the cluster for the new output `after`. Throws ClusterUnreachable
 * when kubectl is missing, fails or does not answer in time.
 */
export function readClusterBaseline(after: readonly RenderedObject[], env: Environment): ClusterBaseline {
  const kubectl = env.KUBECTL || 'kubectl';
  const context = kubectlText(kubectl, ['config', 'current-context'], env).trim();
  const defaultNamespace = kubectlText(kubectl, ['config', 'view', '--minify', '-o', 'jsonpath={..namespace}'], env).trim() || 'default';
  const placed = after.map((m) =>
    m?.kind === 'StatefulSet' && !m.metadata?.namespace ? { ...m, metadata: { ...m.metadata, namespace: defaultNamespace } } : m,
  );
  const namespaces = [...new Set(placed.filter((m) => m?.kind === 'StatefulSet').map((m) => m.metadata!.namespace!))].sort();
  const before: RenderedObject[] = [];
  for (const namespace of namespaces) {
    const list = JSON.parse(kubectlText(kubectl, ['get', 'statefulsets', '-n', namespace, '-l', MANAGED_BY, '-o', 'json'], env)) as {
      readonly items?: RenderedObject[];
    };
    before.push(...(list.items ?? []));
  }
  return { before, after: placed, source: `the cluster of kubeconfig context "${context}" (live, read-only)` };
}

function kubectlText(kubectl: string, args: string[], env: Environment): string {
  const run = spawnSync(kubectl, [...args, `--request-timeout=${REQUEST_TIMEOUT_SECONDS}s`], {
    env,
    encoding: 'utf-8',
    // kubectl's own timeout covers a request; this one the rest (an exec plugin that hangs).
    timeout: (REQUEST_TIMEOUT_SECONDS + 5) * 1000,
    maxBuffer: 256 * 1024 * 1024,
  });
  // Names both ways of asking (the app's guardAgainstCluster, or the environment): the user knows
  // which one they used.
  const asked = `The guard was asked to compare with the cluster of the current kubeconfig context (${GUARD_CLUSTER_ENV}=true, or guardAgainstCluster)`;
  const instead = `Unset both to compare with the output folder or the lock file instead.`;
  if (run.error) {
    const why =
      (run.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `"${kubectl}" was not found (set KUBECTL to the kubectl to use)`
        : (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
          ? `\`${kubectl} ${args.join(' ')}\` did not answer in ${REQUEST_TIMEOUT_SECONDS + 5} s`
          : run.error.message;
    throw new ClusterUnreachable(
      `upgrade guard: cannot read the cluster: ${why}. ${asked}; nothing was compared, so nothing is written. ${instead}`,
    );
  }
  if (run.status !== 0) {
    const why = (run.stderr || run.stdout).trim().split('\n').slice(-1)[0] || `exit code ${run.status}`;
    throw new ClusterUnreachable(
      `upgrade guard: cannot read the cluster: \`${kubectl} ${args.join(' ')}\` failed: "${why}". ${asked}; ` +
        `nothing was compared, so nothing is written. ${instead}`,
    );
  }
  return run.stdout;
}
