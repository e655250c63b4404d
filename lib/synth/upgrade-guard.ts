// The upgrade guard: compares the manifests of two syntheses and finds the changes to a
// StatefulSet that Kubernetes refuses, or that leave the pods' volumes behind.
//
// Kubernetes accepts updates to a StatefulSet's spec only in 'replicas', 'ordinals', 'template',
// 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and
// 'minReadySeconds' (apps/v1 validation in 1.28, the version this project targets, and since;
// KEP-4650, which would allow updating claim templates, is not released). Everything else in the
// spec (selector, serviceName, podManagementPolicy, volumeClaimTemplates, and any field added
// later) is immutable.
// A StatefulSet's claims are found by name, `<template>-<statefulset>-<ordinal>`: renaming the
// StatefulSet or a claim template, or moving the ordinals, gives the pods new, empty claims.
//
// Quantities (a claim's storage request) are compared as amounts, as the API server compares
// them (apiequality.Semantic): `1Gi` to `1024Mi` is no change.
//
// Pure functions over plain objects: no files, no YAML, so that they are cheap and testable.
import { sameQuantity } from '../quantities';

/** A Kubernetes object as synthesized (plain JSON). */
export interface RenderedObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly spec?: RenderedSpec;
  readonly [key: string]: unknown;
}

/** An object's spec: the fields of a StatefulSet's that the guard reads, as the API has them, and any other field. */
interface RenderedSpec {
  readonly ordinals?: { readonly start?: number };
  readonly replicas?: number;
  readonly volumeClaimTemplates?: readonly RenderedClaimTemplate[];
  readonly persistentVolumeClaimRetentionPolicy?: { readonly whenDeleted?: string };
  readonly [key: string]: unknown;
}

/** A claim template of a StatefulSet's spec. */
interface RenderedClaimTemplate {
  readonly metadata?: { readonly name?: string; readonly [key: string]: unknown };
  readonly spec?: { readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** A change that Kubernetes refuses, or that would orphan data, with what to do about it. */
export interface BreakingChange {
  /** The object, e.g. `StatefulSet web` or `StatefulSet shop/web`. */
  readonly object: string;
  /** The field, e.g. `spec.serviceName` or `spec.volumeClaimTemplates[www].spec.storageClassName`. */
  readonly field: string;
  /** The value in the previous output, as JSON (`(not set)` when absent). */
  readonly before: string;
  /** The value in the new output, as JSON (`(not set)` when absent). */
  readonly after: string;
  /** What would happen on the cluster. */
  readonly consequence: string;
  /** How to make the change without losing anything. */
  readonly migration: string;
}

/** Spec fields that an update may change (everything else is immutable). */
const MUTABLE_SPEC_FIELDS = new Set([
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
]);

/**
 * The part of a StatefulSet's spec that the lock file records (lib/synth/baseline-lock.ts): every
 * field an update may not change, and the two mutable ones that decide which claims the pods
 * mount or keep (`ordinals`, `persistentVolumeClaimRetentionPolicy`).
 */
export function immutableSpecOf(spec: { readonly [key: string]: unknown }): { [key: string]: unknown } {
  return Object.fromEntries(
    Object.entries(spec).filter(
      ([field]) => !MUTABLE_SPEC_FIELDS.has(field) || field === 'ordinals' || field === 'persistentVolumeClaimRetentionPolicy',
    ),
  );
}

const REFUSED =
  'Kubernetes refuses the update ("spec: Forbidden: updates to statefulset spec for fields other ' +
  "than 'replicas', 'ordinals', 'template', 'updateStrategy', ... are forbidden\"), so `kubectl apply` fails " +
  'and Argo CD or Flux retry forever.';

/** The breaking changes from `before` to `after` (both: every object of a synthesis). */
export function findBreakingChanges(before: readonly RenderedObject[], after: readonly RenderedObject[]): BreakingChange[] {
  const oldSets = statefulSets(before);
  const newSets = statefulSets(after);
  const added = [...newSets.values()].filter((set) => !oldSets.has(set.key));
  const changes: BreakingChange[] = [];
  for (const old of oldSets.values()) {
    const current = newSets.get(old.key);
    if (current) {
      changes.push(...specChanges(old, current));
      continue;
    }
    const successor = takeSuccessor(old, added);
    changes.push(successor ? renamed(old, successor) : removed(old));
  }
  return changes;
}

/** One line per change, for a terminal. */
export function formatBreakingChange(change: BreakingChange): string {
  return [
    `${change.object}: ${change.field} changes from ${change.before} to ${change.after}.`,
    `  On the cluster: ${change.consequence}`,
    `  To migrate: ${change.migration}`,
  ].join('\n');
}

// ------------------------------------------------------------------------------------ StatefulSets

/** What the messages need to know about one StatefulSet. */
interface SetInfo {
  readonly key: string;
  readonly name: string;
  readonly namespace?: string;
  readonly display: string;
  readonly spec: RenderedSpec;
  /** The pods' ordinals: `ordinals.start` to `start + replicas - 1`. */
  readonly ordinals: number[];
  /** The claim templates by name, normalized as the API server stores them. */
  readonly templates: Map<string, unknown>;
}

function statefulSets(manifests: readonly RenderedObject[]): Map<string, SetInfo> {
  const sets = new Map<string, SetInfo>();
  for (const manifest of manifests) {
    if (manifest?.kind !== 'StatefulSet' || !manifest.metadata?.name) continue;
    const { name, namespace } = manifest.metadata;
    const spec = manifest.spec ?? {};
    const start = spec.ordinals?.start ?? 0;
    const replicas = spec.replicas ?? 1;
    const templates = new Map<string, unknown>();
    for (const template of spec.volumeClaimTemplates ?? []) {
      templates.set(String(template?.metadata?.name ?? ''), normalizeClaimTemplate(template));
    }
    const key = `${namespace ?? ''}/${name}`;
    sets.set(key, {
      key,
      name,
      namespace,
      spec,
      templates,
      display: `StatefulSet ${namespace ? `${namespace}/` : ''}${name}`,
      ordinals: Array.from({ length: Math.max(0, replicas) }, (_, i) => start + i),
    });
  }
  return sets;
}

function specChanges(old: SetInfo, current: SetInfo): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const fields = new Set([...Object.keys(old.spec), ...Object.keys(current.spec)]);
  for (const field of fields) {
    if (MUTABLE_SPEC_FIELDS.has(field)) continue;
    if (field === 'volumeClaimTemplates') {
      changes.push(...claimTemplateChanges(old, current));
      continue;
    }
    const before = normalizeSpecField(field, old.spec[field]);
    const after = normalizeSpecField(field, current.spec[field]);
    if (canonical(before) === canonical(after)) continue;
    changes.push(immutableFieldChange(old, current, field, before, after));
  }
  const ordinals = ordinalsChange(old, current);
  if (ordinals) changes.push(ordinals);
  return changes;
}

/** The value the API server would store for an omitted field, so that omitting it is no change. */
function normalizeSpecField(field: string, value: unknown): unknown {
  if (field === 'podManagementPolicy' && value === undefined) return 'OrderedReady';
  return value;
}

function immutableFieldChange(old: SetInfo, current: SetInfo, field: string, before: unknown, after: unknown): BreakingChange {
  const base = { object: old.display, field: `spec.${field}`, before: showCanonical(before), after: showCanonical(after) };
  const recreate = orphanDelete(old);
  switch (field) {
    case 'selector':
      return {
        ...base,
        consequence:
          `${REFUSED} Recreated with the new selector, the StatefulSet would not own the running pods ` +
          `${podNames(old)}, and could not create pods of the same names while they run.`,
        migration:
          'Keep the old selector (the `labels` prop of StatefulWeb). To change it anyway: ' +
          `${recreate}, apply, then delete the old pods one at a time (\`kubectl delete pod ${old.name}-${old.ordinals[0] ?? 0}${nsFlag(old)}\`, ...): ` +
          `each comes back with the new labels and remounts its claim (${claimNames(old)}), which is found by name.`,
      };
    case 'serviceName':
      return {
        ...base,
        consequence:
          `${REFUSED} Pods get their DNS names (${old.name}-<ordinal>.${String(before)}) when they are created: ` +
          'after recreating the StatefulSet, running pods keep the old names until they restart.',
        migration:
          `${recreate}, apply (the new StatefulSet adopts the running pods and their claims ${claimNames(old)}), ` +
          `then \`kubectl rollout restart statefulset ${current.name}${nsFlag(current)}\` so that every pod gets its DNS name under ` +
          `the new Service (${current.name}-<ordinal>.${String(after)}). Clients that use the old names must change.`,
      };
    case 'podManagementPolicy':
      return {
        ...base,
        consequence: REFUSED,
        migration:
          `${recreate}, then apply: the new StatefulSet adopts the running pods and their claims ` +
          `(${claimNames(old)}); nothing restarts.`,
      };
    default:
      return {
        ...base,
        consequence: REFUSED,
        migration: `${recreate}, then apply: the new StatefulSet adopts the running pods and their claims (${claimNames(old)}).`,
      };
  }
}

function ordinalsChange(old: SetInfo, current: SetInfo): BreakingChange | undefined {
  const before = old.spec.ordinals?.start ?? 0;
  const after = current.spec.ordinals?.start ?? 0;
  if (before === after) return undefined;
  const gone = old.ordinals.filter((o) => !current.ordinals.includes(o));
  const fresh = current.ordinals.filter((o) => !old.ordinals.includes(o));
  const templates = [...old.templates.keys()];
  return {
    object: old.display,
    field: 'spec.ordinals.start',
    before: showCanonical(before),
    after: showCanonical(after),
    consequence:
      `Kubernetes accepts it and renumbers the pods: ${ordinalRange(`${old.name}-`, gone)} go, ` +
      `${ordinalRange(`${current.name}-`, fresh)} come` +
      (templates.length === 0
        ? '.'
        : ` with new, empty claims ${templates.map((t) => ordinalRange(`${t}-${current.name}-`, fresh)).join(', ')}, ` +
          `and the claims ${templates.map((t) => ordinalRange(`${t}-${old.name}-`, gone)).join(', ')} would be orphaned: ` +
          'kept, with their data, but mounted by no pod.'),
    migration:
      `Keep ordinalsStart at ${before}. To renumber anyway, copy the data of each orphaned claim into the claim ` +
      'of its new ordinal (created beforehand, for example by a Job that mounts both) before applying.',
  };
}

// --------------------------------------------------------------------------------- claim templates

function claimTemplateChanges(old: SetInfo, current: SetInfo): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const removedNames = [...old.templates.keys()].filter((name) => !current.templates.has(name));
  const addedNames = [...current.templates.keys()].filter((name) => !old.templates.has(name));
  const field = 'spec.volumeClaimTemplates';
  const recreate = orphanDelete(old);
  // Not `kubectl rollout restart`: the StatefulSet controller cannot change the volumes of a running
  // pod (the API server refuses the pod update), and stops at the first pod it cannot update, so the
  // pods must be deleted, in the order of their ordinals, to come back with the new claims.
  const recreatePods =
    `delete the pods in the order of their ordinals (${
      current.ordinals.map((o) => `\`kubectl delete pod ${current.name}-${o}${nsFlag(current)}\``).join(', then ') ||
      `\`kubectl delete pod ${current.name}-<ordinal>\``
    }; ` + 'the StatefulSet cannot change the volumes of a running pod, so each comes back from the new template)';

  // As many removed as added templates: renamed, in order (the usual case: one `volumeName`).
  const renames = removedNames.length === addedNames.length ? removedNames.length : 0;
  for (let i = 0; i < renames; i++) {
    const [from, to] = [removedNames[i], addedNames[i]];
    changes.push({
      object: old.display,
      field: `${field}[${from}].metadata.name`,
      before: showCanonical(from),
      after: showCanonical(to),
      consequence:
        `${REFUSED} Recreated, the StatefulSet would give every pod a new, empty claim ` +
        `${ordinalRange(`${to}-${current.name}-`, current.ordinals)}, and the claims ` +
        `${ordinalRange(`${from}-${old.name}-`, old.ordinals)} would be orphaned: kept, with their data, but mounted by no pod.`,
      migration:
        `Keep the name "${from}" (the \`volumeName\` prop, or the name given to addVolumeClaimTemplate). To rename anyway, ` +
        `copy the data of each ${from}-${old.name}-<ordinal> into a claim ${to}-${current.name}-<ordinal> created beforehand ` +
        `(for example by a Job that mounts both), then ${recreate}, apply, and ${recreatePods}.`,
    });
  }
  for (const name of removedNames.slice(renames)) {
    const retained = claimsOn(old, name);
    changes.push({
      object: old.display,
      field: `${field}[${name}]`,
      before: showCanonical(old.templates.get(name)),
      after: showCanonical(undefined),
      consequence:
        `${REFUSED} Recreated, the StatefulSet would no longer mount the claims ${retained}: ` +
        'they would be orphaned, kept with their data until you delete them.',
      migration:
        `If the data is no longer needed: ${recreate}, apply, ${recreatePods}, then delete the claims ${retained} ` +
        `(\`kubectl delete pvc <claim>${nsFlag(old)}\`). Otherwise keep the template.`,
    });
  }
  for (const name of addedNames.slice(renames)) {
    changes.push({
      object: old.display,
      field: `${field}[${name}]`,
      before: showCanonical(undefined),
      after: showCanonical(current.templates.get(name)),
      consequence:
        `${REFUSED} Once the StatefulSet is recreated, a pod gets its new claim ` +
        `(${ordinalRange(`${name}-${current.name}-`, current.ordinals)}) only when it is recreated itself.`,
      migration:
        `${recreate}, apply, then ${recreatePods}: each pod comes back with its claims ` +
        `${claimNames(old)} and a new, empty ${name}-${current.name}-<ordinal>.`,
    });
  }
  // The API server compares the list in order: the same templates in another order are refused
  // too (addVolumeClaimTemplate('a') then ('b'), becoming ('b') then ('a')).
  const oldOrder = [...old.templates.keys()];
  const newOrder = [...current.templates.keys()];
  if (removedNames.length === 0 && addedNames.length === 0 && canonical(oldOrder) !== canonical(newOrder)) {
    changes.push({
      object: old.display,
      field: `${field} (order)`,
      before: showCanonical(oldOrder),
      after: showCanonical(newOrder),
      consequence:
        `${REFUSED} The API server compares the claim templates as a list, in order: the same templates in another ` +
        'order are a different list.',
      migration:
        `Keep the order ${oldOrder.map((n) => `"${n}"`).join(', ')}: the \`volumeName\` template first, then the ` +
        'addVolumeClaimTemplate calls in their old order. Nothing on the cluster needs to change.',
    });
  }
  for (const [name, template] of old.templates) {
    if (!current.templates.has(name)) continue;
    for (const diff of differences(template, current.templates.get(name), `${field}[${name}]`)) {
      changes.push(claimTemplateFieldChange(old, name, diff));
    }
  }
  return changes;
}

function claimTemplateFieldChange(old: SetInfo, template: string, diff: Difference): BreakingChange {
  const claims = ordinalRange(`${template}-${old.name}-`, old.ordinals);
  const recreate = orphanDelete(old);
  const subfield = diff.path.slice(diff.path.indexOf(']') + 2);
  const consequence =
    `${REFUSED} Even once the StatefulSet is recreated, the existing claims ${claims} keep ` +
    `${showCanonical(diff.before)}: only the claims of pods added later get ${showCanonical(diff.after)}.`;
  let migration: string;
  if (subfield === 'spec.resources.requests.storage') {
    const first = `${template}-${old.name}-${old.ordinals[0] ?? 0}`;
    migration =
      'To grow the volumes (the StorageClass must have `allowVolumeExpansion: true`, and its provisioner must be ' +
      'a CSI driver that can expand volumes, with its resizer running): patch each claim ' +
      `(\`kubectl patch pvc ${first}${nsFlag(old)} -p '{"spec":{"resources":{"requests":{"storage":${showCanonical(diff.after)}}}}}'\`, ` +
      `and so on for ${claims}), then ${recreate}, and apply. Volumes cannot shrink: to make them smaller, copy ` +
      'the data into new claims.';
  } else if (subfield.startsWith('metadata.')) {
    migration =
      `Label or annotate the existing claims yourself (\`kubectl label pvc\` / \`kubectl annotate pvc\` on ${claims}), ` +
      `then ${recreate}, and apply.`;
  } else {
    migration =
      `A claim's ${subfield} cannot change, so the data must move: back it up (for example with a VolumeSnapshot ` +
      `or Velero), delete the StatefulSet and the claims ${claims}, apply, and restore the data into the new claims. ` +
      'Or keep the old value.';
  }
  return {
    object: old.display,
    field: diff.path,
    before: showCanonical(diff.before),
    after: showCanonical(diff.after),
    consequence,
    migration,
  };
}

/**
 * A claim template as the API server stores it: without `apiVersion`, `kind` and `status`
 * (the server drops them), with `volumeMode` defaulted to Filesystem, and without empty maps and
 * lists (the server's comparison treats them as absent).
 */
function normalizeClaimTemplate(template: RenderedClaimTemplate | undefined): unknown {
  const { apiVersion: _apiVersion, kind: _kind, status: _status, ...rest } = template ?? {};
  const spec = { volumeMode: 'Filesystem', ...(rest.spec ?? {}) };
  return withoutEmpty({ ...rest, spec });
}

// -------------------------------------------------------------------------- renamed or removed sets

/** A StatefulSet of `added` that looks like `old` renamed: the same selector or the same claim templates. */
function takeSuccessor(old: SetInfo, added: SetInfo[]): SetInfo | undefined {
  const sameSelector = (set: SetInfo) => canonical(set.spec.selector) === canonical(old.spec.selector);
  const sameTemplates = (set: SetInfo) =>
    old.templates.size > 0 && canonical([...set.templates.keys()].sort()) === canonical([...old.templates.keys()].sort());
  const index = [sameSelector, sameTemplates].map((match) => added.findIndex(match)).find((i) => i >= 0);
  return index === undefined ? undefined : added.splice(index, 1)[0];
}

function renamed(old: SetInfo, successor: SetInfo): BreakingChange {
  const namespaceOnly = old.name === successor.name;
  const templates = [...old.templates.keys()];
  const newClaims = [...successor.templates.keys()].map((t) => claimsOn(successor, t)).join(', ');
  return {
    object: old.display,
    field: namespaceOnly ? 'metadata.namespace' : 'metadata.name',
    before: showCanonical(namespaceOnly ? old.namespace : old.name),
    after: showCanonical(namespaceOnly ? successor.namespace : successor.name),
    consequence:
      `A new ${successor.display} would start pods ${podNames(successor)}` +
      (newClaims ? ` with new, empty claims ${newClaims}` : '') +
      `; when the old StatefulSet is deleted (or pruned by Argo CD or Flux), its pods ${podNames(old)} go` +
      (templates.length ? ` and the claims ${claimNames(old)} would be orphaned: kept, with their data, but mounted by no pod.` : '.'),
    migration: namespaceOnly
      ? 'Keep the namespace. Claims cannot move between namespaces: to move anyway, back up the data and restore it into the new claims.'
      : `Keep the name: set StatefulWeb's \`name\` prop to "${old.name}" (it need not equal the construct id). To rename anyway, ` +
        `copy the data of each claim into the matching claim of "${successor.name}" (created beforehand, for example ` +
        'by a Job that mounts both) before applying.',
  };
}

function removed(old: SetInfo): BreakingChange {
  const deletes = old.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
  const claims = old.templates.size ? claimNames(old) : '';
  return {
    object: old.display,
    field: '(the object)',
    before: '(present)',
    after: '(absent)',
    consequence:
      `When it is deleted (or pruned by Argo CD or Flux), its pods ${podNames(old)} go` +
      (!claims
        ? '.'
        : deletes
          ? ` and, because persistentVolumeClaimRetentionPolicy.whenDeleted is Delete, so do the claims ${claims} and their data.`
          : ` and the claims ${claims} are orphaned: kept, with their data, but mounted by no pod.`),
    migration:
      'If this is not meant, restore the StatefulSet in the app. If it is, back up what the claims hold, ' +
      'accept the change, and delete the claims once they are no longer needed.',
  };
}

// ------------------------------------------------------------------------------------------ helpers

function orphanDelete(set: SetInfo): string {
  return `delete the StatefulSet but not its pods and claims (\`kubectl delete statefulset ${set.name}${nsFlag(set)} --cascade=orphan\`)`;
}

function nsFlag(set: SetInfo): string {
  return set.namespace ? ` -n ${set.namespace}` : '';
}

function podNames(set: SetInfo): string {
  return ordinalRange(`${set.name}-`, set.ordinals);
}

function claimNames(set: SetInfo): string {
  return [...set.templates.keys()].map((name) => claimsOn(set, name)).join(', ') || '(none)';
}

function claimsOn(set: SetInfo, template: string): string {
  return ordinalRange(`${template}-${set.name}-`, set.ordinals);
}

/** `www-web-0..www-web-2`, `www-web-0`, `www-web-0, www-web-5..www-web-6`. */
export function ordinalRange(prefix: string, ordinals: readonly number[]): string {
  if (ordinals.length === 0) return `${prefix}<ordinal> (none: no replicas)`;
  const runs: number[][] = [];
  for (const ordinal of [...ordinals].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    if (run && ordinal === run[run.length - 1] + 1) run.push(ordinal);
    else runs.push([ordinal]);
  }
  return runs.map((run) => (run.length === 1 ? `${prefix}${run[0]}` : `${prefix}${run[0]}..${prefix}${run[run.length - 1]}`)).join(', ');
}

interface Difference {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * The leaves where `a` and `b` differ; lists are compared whole, and the quantities of
 * `resources.requests` and `resources.limits` as amounts.
 */
function differences(a: unknown, b: unknown, path: string): Difference[] {
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => differences(a[key], b[key], `${path}.${key}`));
  }
  if (/\.resources\.(requests|limits)\.[^.]+$/.test(path) && isQuantityText(a) && isQuantityText(b) && sameQuantity(String(a), String(b)))
    return [];
  return canonical(a) === canonical(b) ? [] : [{ path, before: a, after: b }];
}

/** A quantity as YAML gives it: text (`1Gi`), or a number where the text was digits only. */
function isQuantityText(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? value.map(withoutEmpty) : undefined;
  if (!isJsonObject(value)) return value === null ? undefined : value;
  const entries = Object.entries(value)
    .map(([key, v]) => [key, withoutEmpty(v)] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** JSON with sorted keys, so that key order does not count as a change. */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      isJsonObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, v[k]]),
          )
        : v,
    ) ?? 'undefined'
  );
}

function showCanonical(value: unknown): string {
  return value === undefined ? '(not set)' : canonical(value);
}

function isJsonObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
