// The apply order of ManifestApp's output, and file names that keep it without numbering the
// objects one after the other (a numbering renames every later file when one object is added, and
// a GitOps diff then shows deletions and additions where one object changed).
//
// `kubectl apply -k` sorts a Kustomization's objects with kustomize's "legacy" order (kubectl sets
// `--reorder=legacy`: k8s.io/cli-runtime's KustomizeVisitor) unless the Kustomization has
// `sortOptions`, and then it prints a warning on every run ("Sorting order is set both in
// 'kustomization.yaml' ('sortOptions') and in a CLI flag ('--reorder')", sigs.k8s.io/kustomize/api
// krusty/kustomizer.go). `kustomize build` (Argo CD) uses the legacy order too when it is given no
// `--reorder`. So the output's order is built on it:
//
// - An object's file name is `<level>-<rank>-<Kind>.[<namespace>.]<name>`: `rank` is its kind's
//   place in kustomize's legacy order (Namespace 01 ... PodDisruptionBudget 22; other kinds 50;
//   webhook configurations 91, 92), and `level` is 0 unless a dependency the app declares (cdk8s's
//   `addDependency`, between objects or charts, as cdk8s resolves them) needs the object after one
//   that the kind order or the name puts after it: then one more than that object's level. The
//   name depends only on the object and what it depends on, never on the other objects.
// - The files' name order is the apply order (`kubectl apply -f <folder>`, and the Kustomization's
//   `resources`). It keeps every declared dependency.
// - When every level is 0, kustomize's legacy order keeps every declared dependency as well, and
//   the Kustomization has no `sortOptions`: `kubectl apply -k` prints nothing. Otherwise it has
//   `sortOptions.order: fifo`, so that `kubectl apply -k` keeps the dependencies too (and prints
//   its warning: kustomize offers no other way to set an order).
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import type { RenderedObject } from './upgrade-guard';

/** kustomize's legacy order: these kinds first, in this order (sigs.k8s.io/kustomize/api, builtins/SortOrderTransformer.go). */
export const KUSTOMIZE_ORDER_FIRST: readonly string[] = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
/** kustomize's legacy order: these kinds last, in this order. */
export const KUSTOMIZE_ORDER_LAST: readonly string[] = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** What the order reads of an object's JSON. */
export interface ObjectJson {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/** A manifest of the output, in apply order. */
export interface OrderedManifest {
  /** The object as JSON. */
  readonly json: RenderedObject;
  /** The file name. */
  readonly file: string;
}

/** The objects of an app in apply order, with their file names; `fifo` when kustomize's legacy order would break a declared dependency. */
export interface ApplyOrder {
  readonly manifests: OrderedManifest[];
  readonly fifo: boolean;
}

interface Entry {
  readonly object: ApiObject;
  readonly json: RenderedObject;
  readonly chart: Chart;
  /** The file name without the level. */
  readonly key: string;
  level?: number;
}

/**
 * The objects of `app` (cdk8s's JSON of every chart: `chart.toJson()`) in apply order, with their
 * file names, which end in `extension`. Throws when two objects would have the same file name.
 */
export function applyOrder(app: App, extension: string): ApplyOrder {
  // `app.charts` is in dependency order only once cdk8s has turned the dependencies between
  // objects of different charts into dependencies between the charts, which a chart's toJson()
  // does for the whole app (and, within a chart, dependencies on constructs into dependencies on
  // their ApiObjects), and validates the whole app: render one chart first, then read the charts
  // and the dependencies.
  app.charts[0]?.toJson();
  // Then every chart's objects as that pass left them, in cdk8s's own order (App's chartToKube),
  // each rendered by its own toJson() as chart.toJson() renders it. Not chart.toJson(): it runs
  // cdk8s's whole-app pass (dependencies and validation) again for every chart, N + 1 passes for
  // N charts, where one pass says all there is to say (docs/performance.md).
  const entries = new Map<ApiObject, Entry>();
  for (const chart of app.charts) {
    const objects = new DependencyGraph(chart.node)
      .topology()
      .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
    for (const object of objects) {
      const json = object.toJson() as RenderedObject;
      entries.set(object, { object, json, chart, key: `${fileKey(json)}${extension}` });
    }
  }
  const all = [...entries.values()];
  const byChart = new Map<Chart, Entry[]>();
  for (const entry of all) byChart.set(entry.chart, [...(byChart.get(entry.chart) ?? []), entry]);

  /** The objects an object must come after: those it depends on, and those of the charts its chart depends on. */
  const before = (entry: Entry): Entry[] =>
    [
      ...entry.object.node.dependencies.flatMap((d) => (d instanceof ApiObject && entries.has(d) ? [entries.get(d)!] : [])),
      ...entry.chart.node.dependencies.flatMap((d) => (d instanceof Chart ? (byChart.get(d) ?? []) : [])),
    ].filter((other) => other !== entry);

  const levelOf = (entry: Entry, visiting = new Set<Entry>()): number => {
    if (entry.level !== undefined) return entry.level;
    if (visiting.has(entry)) throw new Error(`ManifestApp: a dependency cycle through ${entry.object.node.path}.`);
    visiting.add(entry);
    let level = 0;
    for (const other of before(entry)) {
      // Apart by a level when the name order or kustomize's order would put `entry` first.
      const apart = entry.key < other.key || legacyBefore(entry.json, other.json);
      level = Math.max(level, levelOf(other, visiting) + (apart ? 1 : 0));
    }
    visiting.delete(entry);
    entry.level = level;
    return level;
  };
  const levels = all.map((entry) => levelOf(entry));
  const width = String(Math.max(0, ...levels)).length;
  // Sorted as kubectl lists a folder: by the whole file name, byte by byte.
  const manifests = all
    .map((entry) => ({ json: entry.json, file: `${String(entry.level).padStart(width, '0')}-${entry.key}`, entry }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (let i = 1; i < manifests.length; i++) {
    if (manifests[i].file === manifests[i - 1].file) {
      throw new Error(
        `ManifestApp: the objects ${manifests[i - 1].entry.object.node.path} and ${manifests[i].entry.object.node.path} ` +
          `would both be written to ${manifests[i].file}: give one of them another name or namespace.`,
      );
    }
  }
  return { manifests: manifests.map(({ json, file }) => ({ json, file })), fifo: levels.some((level) => level > 0) };
}

/** The place of a kind in kustomize's legacy order, as two digits: 01 to 22 first, 50 for the rest, 91 and 92 last. */
export function kindRank(kind: string): string {
  const first = KUSTOMIZE_ORDER_FIRST.indexOf(kind);
  if (first >= 0) return String(first + 1).padStart(2, '0');
  const last = KUSTOMIZE_ORDER_LAST.indexOf(kind);
  return last >= 0 ? String(91 + last) : '50';
}

/** The file name of an object, without the level and the extension: `<rank>-<Kind>.[<namespace>.]<name>`. */
function fileKey(json: ObjectJson): string {
  const namespace = json.metadata?.namespace;
  const name = `${json.kind}.${namespace ? `${namespace}.` : ''}${json.metadata?.name ?? ''}`.replace(/[^0-9a-zA-Z-_.]/g, '');
  return `${kindRank(String(json.kind))}-${name}`;
}

/** kustomize's typeOrders: negative for the first kinds, positive for the last, 0 for the rest. */
function typeOrder(kind: string): number {
  const first = KUSTOMIZE_ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first - KUSTOMIZE_ORDER_FIRST.length;
  const last = KUSTOMIZE_ORDER_LAST.indexOf(kind);
  return last >= 0 ? last + 1 : 0;
}

function gvkOf(json: ObjectJson): { group: string; version: string; kind: string } {
  const apiVersion = String(json.apiVersion ?? '');
  const slash = apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: String(json.kind ?? ''),
  };
}

/** Whether kustomize's legacy order puts `a` before `b` (legacyIDSorter.Less, byte order as Go compares strings). */
export function legacyBefore(a: ObjectJson, b: ObjectJson): boolean {
  const x = gvkOf(a);
  const y = gvkOf(b);
  if (x.group !== y.group || x.version !== y.version || x.kind !== y.kind) {
    const [ix, iy] = [typeOrder(x.kind), typeOrder(y.kind)];
    if (ix !== iy) return ix < iy;
    const [sx, sy] = [legacyGvkString(x), legacyGvkString(y)];
    if (x.kind === 'Namespace' && y.kind === 'Namespace' && (x.group === '' || y.group === '')) return sx > sy;
    return sx < sy;
  }
  return legacyIdString(a, x) < legacyIdString(b, y);
}

function legacyGvkString({ group, version, kind }: { group: string; version: string; kind: string }): string {
  return [group || '~G', version || '~V', kind || '~K'].join('_');
}

function legacyIdString(json: ObjectJson, { group, version, kind }: { group: string; version: string; kind: string }): string {
  const gvk = [kind || '[noKind]', version || '[noVer]', group || '[noGrp]'].join('.');
  return [gvk, json.metadata?.namespace || '~X', json.metadata?.name || '~N'].join('|');
}
