// The upgrade guard's lock file: a small record, beside the project's cdk8s.yaml, of what
// Kubernetes will not let change on each StatefulSet of the output (its name and namespace, the
// immutable fields of its spec: selector, serviceName, podManagementPolicy, claim templates) and
// of what decides which claims its pods mount (ordinals.start) or keep (the retention policy).
//
// Why: `cdk8s init` puts the output folder in .gitignore and `cdk8s synth` deletes it before it
// runs the app, so in a stock project neither the folder nor git holds the previous output. The
// lock file is written by every synth that writes the output, and committed like a lockfile: the
// next synth, wherever it runs, compares with it.
//
// Deterministic: StatefulSets sorted by namespace and name, keys sorted, lists (the claim
// templates) in their order, which the API server compares too.
import * as fs from 'fs';
import * as path from 'path';
import { immutableSpecOf, RenderedObject } from './upgrade-guard';

/** The lock file's name. */
export const LOCK_FILE = 'stateful-web.lock.json';

/** The file that marks a cdk8s project's folder (`cdk8s init` writes it), beside which the lock file goes. */
export const CDK8S_CONFIG_FILE = 'cdk8s.yaml';

const LOCK_VERSION = 1;

const HEADER =
  'Written by cdk8s-stateful-web at each synth: what Kubernetes will not let change on each StatefulSet. ' +
  'Commit it; the next synth refuses a change to it (docs/upgrade-guard.md).';

/** The lock file of the output folder `root`: beside it when its folder holds cdk8s.yaml, else none. */
export function lockFileFor(root: string): string | undefined {
  const project = path.dirname(path.resolve(root));
  return fs.existsSync(path.join(project, CDK8S_CONFIG_FILE)) ? path.join(project, LOCK_FILE) : undefined;
}

/** The text of the lock file for the objects of an output. */
export function lockText(manifests: readonly RenderedObject[]): string {
  const sets = manifests
    .filter((m) => m?.kind === 'StatefulSet' && m.metadata?.name)
    .map((m) => ({
      namespace: m.metadata?.namespace,
      name: m.metadata!.name!,
      spec: immutableSpecOf(m.spec ?? {}),
    }))
    .sort((a, b) => compareText(`${a.namespace ?? ''}/${a.name}`, `${b.namespace ?? ''}/${b.name}`));
  return `${JSON.stringify(sortKeys({ comment: HEADER, version: LOCK_VERSION, statefulSets: sets }), undefined, 2)}\n`;
}

/**
 * The StatefulSets a lock file records, as manifests the guard compares (their spec holds the
 * recorded fields only). Throws, naming the file, when it cannot be read as a lock file.
 */
export function readLock(file: string): RenderedObject[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (error) {
    // eslint-disable-next-line preserve-caught-error -- the message holds the cause's own; a `cause` would add its stack to what Node prints
    throw new Error(`cannot read ${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const lock = isObject(parsed) ? parsed : {};
  const sets = Array.isArray(lock.statefulSets) ? (lock.statefulSets as unknown[]) : undefined;
  if (lock.version !== LOCK_VERSION || !sets || !sets.every((set) => isObject(set) && typeof set.name === 'string' && isObject(set.spec))) {
    throw new Error(
      `cannot read ${path.basename(file)}: it must be {"version": ${LOCK_VERSION}, "statefulSets": [{"name": ..., "spec": {...}}, ...]}, ` +
        'as synth writes it (delete it to start again: the next synth writes it anew, unguarded).',
    );
  }
  return (sets as { name: string; namespace?: unknown; spec: { [key: string]: unknown } }[]).map((set) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: set.name, ...(typeof set.namespace === 'string' ? { namespace: set.namespace } : {}) },
    spec: set.spec,
  }));
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => [key, sortKeys(value[key])]),
  );
}
