// The upgrade guard on real before/after pairs: "before" is the example app of main.ts as
// synthesized, "after" the same StatefulWeb with one prop changed.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AccessMode,
  ClaimRetention,
  DisruptionBudget,
  EnvValue,
  ImagePullPolicy,
  PodManagementPolicy,
  StatefulWeb,
  StatefulWebProps,
  UpdateStrategy,
  VolumeMode,
  WebProbe,
} from '../lib';
import { WEB_EXAMPLE_PROPS, WebExampleChart } from '../main';
import { BreakingChange, findBreakingChanges, formatBreakingChange, ordinalRange } from '../lib/synth/upgrade-guard';
import { Manifest, synth } from './helpers';

const EXAMPLE = WEB_EXAMPLE_PROPS;

interface Variant {
  readonly props?: Partial<StatefulWebProps>;
  readonly id?: string;
  readonly namespace?: string;
  readonly configure?: (web: StatefulWeb) => void;
}

/** The manifests of a chart holding the example's StatefulWeb, changed as `variant` says. */
function example(variant: Variant = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'web-example', { namespace: variant.namespace });
  const web = new StatefulWeb(chart, variant.id ?? 'web', { ...EXAMPLE, ...variant.props });
  variant.configure?.(web);
  return synth(chart);
}

const before = synth(new WebExampleChart(Testing.app(), 'web-example'));

function onlyChange(after: Manifest[], from: Manifest[] = before): BreakingChange {
  const changes = findBreakingChanges(from, after);
  expect(changes).toHaveLength(1);
  return changes[0];
}

const REFUSED = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas'";
const ORPHAN_DELETE = 'kubectl delete statefulset web --cascade=orphan';

test('the pairs start from the example app of main.ts', () => {
  expect(example()).toEqual(before);
});

describe('immutable fields are breaking, with the object, field, values, consequence and migration', () => {
  test('serviceName', () => {
    const change = onlyChange(example({ props: { serviceName: 'nginx2' } }));

    expect(change).toMatchObject({ object: 'StatefulSet web', field: 'spec.serviceName', before: '"nginx"', after: '"nginx2"' });
    expect(change.consequence).toContain(REFUSED);
    expect(change.consequence).toContain('running pods keep the old names until they restart');
    expect(change.migration).toContain(ORPHAN_DELETE);
    expect(change.migration).toContain('kubectl rollout restart statefulset web');
    expect(change.migration).toContain('web-<ordinal>.nginx2');
  });

  test('labels, which are the selector', () => {
    const change = onlyChange(example({ props: { labels: { app: 'web' } } }));

    expect(change).toMatchObject({
      field: 'spec.selector',
      before: '{"matchLabels":{"app":"nginx"}}',
      after: '{"matchLabels":{"app":"web"}}',
    });
    expect(change.consequence).toContain(REFUSED);
    expect(change.consequence).toContain('would not own the running pods web-0..web-1');
    expect(change.migration).toContain('Keep the old selector (the `labels` prop');
    expect(change.migration).toContain(ORPHAN_DELETE);
    expect(change.migration).toContain('kubectl delete pod web-0');
    expect(change.migration).toContain('www-web-0..www-web-1');
  });

  test('podManagementPolicy', () => {
    const change = onlyChange(example({ props: { podManagementPolicy: PodManagementPolicy.PARALLEL } }));

    expect(change).toMatchObject({ field: 'spec.podManagementPolicy', before: '"OrderedReady"', after: '"Parallel"' });
    expect(change.consequence).toContain(REFUSED);
    expect(change.migration).toContain(ORPHAN_DELETE);
    expect(change.migration).toContain('adopts the running pods');
  });

  test('volumeName: the claim template is renamed, every claim orphaned', () => {
    const change = onlyChange(example({ props: { volumeName: 'data' } }));

    expect(change).toMatchObject({ field: 'spec.volumeClaimTemplates[www].metadata.name', before: '"www"', after: '"data"' });
    expect(change.consequence).toContain(REFUSED);
    expect(change.consequence).toContain('new, empty claim data-web-0..data-web-1');
    expect(change.consequence).toContain('the claims www-web-0..www-web-1 would be orphaned');
    expect(change.migration).toContain('Keep the name "www" (the `volumeName` prop');
    expect(change.migration).toContain('copy the data of each www-web-<ordinal> into a claim data-web-<ordinal>');
  });

  test('storage', () => {
    const change = onlyChange(example({ props: { storage: Size.gibibytes(2) } }));

    expect(change).toMatchObject({
      field: 'spec.volumeClaimTemplates[www].spec.resources.requests.storage',
      before: '"1Gi"',
      after: '"2Gi"',
    });
    expect(change.consequence).toContain('the existing claims www-web-0..www-web-1 keep "1Gi"');
    expect(change.migration).toContain('allowVolumeExpansion: true');
    expect(change.migration).toContain(`kubectl patch pvc www-web-0 -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'`);
    expect(change.migration).toContain(ORPHAN_DELETE);
  });

  test('accessModes', () => {
    const change = onlyChange(example({ props: { accessModes: [AccessMode.READ_WRITE_ONCE_POD] } }));

    expect(change).toMatchObject({
      field: 'spec.volumeClaimTemplates[www].spec.accessModes',
      before: '["ReadWriteOnce"]',
      after: '["ReadWriteOncePod"]',
    });
    expect(change.consequence).toContain(REFUSED);
    expect(change.migration).toContain("A claim's spec.accessModes cannot change");
    expect(change.migration).toContain('delete the StatefulSet and the claims www-web-0..www-web-1');
  });

  test('storageClassName', () => {
    const change = onlyChange(example({ props: { storageClassName: 'fast-ssd' } }));

    expect(change).toMatchObject({
      field: 'spec.volumeClaimTemplates[www].spec.storageClassName',
      before: '(not set)',
      after: '"fast-ssd"',
    });
    expect(change.migration).toContain('VolumeSnapshot or Velero');
  });

  test('volumeMode Block', () => {
    const change = onlyChange(example({ props: { volumeMode: VolumeMode.BLOCK } }));

    // The API server stores an omitted volumeMode as Filesystem.
    expect(change).toMatchObject({
      field: 'spec.volumeClaimTemplates[www].spec.volumeMode',
      before: '"Filesystem"',
      after: '"Block"',
    });
  });

  test('labels of the claims', () => {
    const change = onlyChange(example({ props: { claimLabels: { tier: 'web' } } }));

    expect(change).toMatchObject({
      field: 'spec.volumeClaimTemplates[www].metadata.labels',
      before: '(not set)',
      after: '{"tier":"web"}',
    });
    expect(change.migration).toContain('kubectl label pvc');
  });

  test('a claim template added', () => {
    const change = onlyChange(example({ configure: (web) => web.addVolumeClaimTemplate('logs', { mountPath: '/logs' }) }));

    expect(change).toMatchObject({ field: 'spec.volumeClaimTemplates[logs]', before: '(not set)' });
    expect(change.after).toContain('"name":"logs"');
    expect(change.consequence).toContain(REFUSED);
    expect(change.consequence).toContain('logs-web-0..logs-web-1');
    expect(change.migration).toContain(ORPHAN_DELETE);
    // The StatefulSet controller cannot change a running pod's volumes: the pods are deleted, in order.
    expect(change.migration).toContain('`kubectl delete pod web-0`, then `kubectl delete pod web-1`');
    expect(change.migration).not.toContain('rollout restart');
  });

  test('a claim template removed', () => {
    const withLogs = example({ configure: (web) => web.addVolumeClaimTemplate('logs', { mountPath: '/logs' }) });
    const change = onlyChange(before, withLogs);

    expect(change).toMatchObject({ field: 'spec.volumeClaimTemplates[logs]', after: '(not set)' });
    expect(change.consequence).toContain('would no longer mount the claims logs-web-0..logs-web-1');
    expect(change.migration).toContain('kubectl delete pvc');
  });

  test('claim templates in another order: the API server compares the list in order, and refuses it', () => {
    const add = (names: string[]) => (web: StatefulWeb) => {
      for (const name of names) web.addVolumeClaimTemplate(name, { mountPath: `/${name}`, storage: Size.gibibytes(1) });
    };
    const change = onlyChange(example({ configure: add(['b', 'a']) }), example({ configure: add(['a', 'b']) }));

    expect(change).toMatchObject({
      object: 'StatefulSet web',
      field: 'spec.volumeClaimTemplates (order)',
      before: '["www","a","b"]',
      after: '["www","b","a"]',
    });
    expect(change.consequence).toContain(REFUSED);
    expect(change.migration).toContain('Keep the order "www", "a", "b"');
  });

  test('two changes at once give two', () => {
    const changes = findBreakingChanges(before, example({ props: { serviceName: 'nginx2', labels: { app: 'web' } } }));

    expect(changes.map((c) => c.field).sort()).toEqual(['spec.selector', 'spec.serviceName']);
  });

  test('an immutable field unknown to the guard (added to the API later) is breaking too', () => {
    const after = example().map((m) => (m.kind === 'StatefulSet' ? { ...m, spec: { ...m.spec, futureField: 'x' } } : m));

    expect(onlyChange(after)).toMatchObject({ field: 'spec.futureField', before: '(not set)', after: '"x"' });
  });
});

describe('renames and moves orphan the claims', () => {
  test('name: a renamed StatefulSet', () => {
    const change = onlyChange(example({ props: { name: 'web2' } }));

    expect(change).toMatchObject({ object: 'StatefulSet web', field: 'metadata.name', before: '"web"', after: '"web2"' });
    expect(change.consequence).toContain(
      'A new StatefulSet web2 would start pods web2-0..web2-1 with new, empty claims www-web2-0..www-web2-1',
    );
    expect(change.consequence).toContain('the claims www-web-0..www-web-1 would be orphaned');
    expect(change.migration).toContain('set StatefulWeb\'s `name` prop to "web"');
  });

  test('a new construct id, which is the default name', () => {
    const change = onlyChange(example({ id: 'site' }));

    expect(change).toMatchObject({ field: 'metadata.name', before: '"web"', after: '"site"' });
    expect(change.consequence).toContain('www-site-0..www-site-1');
  });

  test('another namespace', () => {
    const change = onlyChange(example({ namespace: 'shop' }));

    expect(change).toMatchObject({ object: 'StatefulSet web', field: 'metadata.namespace', before: '(not set)', after: '"shop"' });
    expect(change.consequence).toContain('A new StatefulSet shop/web');
    expect(change.migration).toContain('Claims cannot move between namespaces');
  });

  test('ordinalsStart moves every pod to new claims', () => {
    const change = onlyChange(example({ props: { ordinalsStart: 5 } }));

    expect(change).toMatchObject({ field: 'spec.ordinals.start', before: '0', after: '5' });
    expect(change.consequence).toContain('web-0..web-1 go, web-5..web-6 come with new, empty claims www-web-5..www-web-6');
    expect(change.consequence).toContain('the claims www-web-0..www-web-1 would be orphaned');
    expect(change.migration).toContain('Keep ordinalsStart at 0');
  });

  test('ordinalsStart by one: only the pod that leaves the range loses its claim', () => {
    const change = onlyChange(example({ props: { ordinalsStart: 1 } }));

    expect(change.consequence).toContain('web-0 go, web-2 come with new, empty claims www-web-2');
    expect(change.consequence).toContain('the claims www-web-0 would be orphaned');
  });

  test('a StatefulSet removed', () => {
    const onlyService = before.filter((m) => m.kind !== 'StatefulSet');
    const change = onlyChange(onlyService);

    expect(change).toMatchObject({ object: 'StatefulSet web', field: '(the object)', before: '(present)', after: '(absent)' });
    expect(change.consequence).toContain('its pods web-0..web-1 go and the claims www-web-0..www-web-1 are orphaned');
  });

  test('a StatefulSet removed whose claims are deleted with it', () => {
    const deleting = example({ props: { claimRetentionWhenDeleted: ClaimRetention.DELETE } });
    const change = onlyChange(
      deleting.filter((m) => m.kind !== 'StatefulSet'),
      deleting,
    );

    expect(change.consequence).toContain('so do the claims www-web-0..www-web-1 and their data');
  });
});

describe('changes that Kubernetes applies without losing anything are allowed', () => {
  test.each<[string, Variant]>([
    ['replicas 2 to 5', { props: { replicas: 5 } }],
    ['the image', { props: { image: 'bitnami/nginx:1.27.3' } }],
    ['resources', { props: { cpuRequest: Cpu.millis(250), memoryRequest: Size.mebibytes(256), memoryLimit: Size.mebibytes(512) } }],
    ['metadata labels and annotations', { props: { metadataLabels: { team: 'web' }, metadataAnnotations: { owner: 'web-team' } } }],
    ['pod labels', { props: { podLabels: { tier: 'frontend' } } }],
    ['probes and environment', { props: { readinessProbe: WebProbe.httpGet('/'), env: { MODE: EnvValue.fromValue('x') } } }],
    ['image pull policy', { props: { imagePullPolicy: ImagePullPolicy.ALWAYS } }],
    [
      'update strategy, minReady, revisionHistoryLimit',
      {
        props: { updateStrategy: UpdateStrategy.onDelete(), minReady: Duration.seconds(10), revisionHistoryLimit: 3 },
      },
    ],
    ['claim retention policy', { props: { claimRetentionWhenScaled: ClaimRetention.DELETE } }],
    ['volumeMode Filesystem written out (the default)', { props: { volumeMode: VolumeMode.FILESYSTEM } }],
    ['new objects next to the StatefulSet', { props: { clientService: true, disruptionBudget: DisruptionBudget.maxUnavailable(1) } }],
  ])('%s', (_name, variant) => {
    expect(findBreakingChanges(before, example(variant))).toEqual([]);
  });

  test('the same output', () => {
    expect(findBreakingChanges(before, example())).toEqual([]);
  });

  test('claim templates without apiVersion and kind (the API server drops them)', () => {
    const bare = before.map((m) =>
      m.kind !== 'StatefulSet'
        ? m
        : {
            ...m,
            spec: { ...m.spec, volumeClaimTemplates: m.spec.volumeClaimTemplates.map(({ apiVersion, kind, ...t }: any) => t) },
          },
    );

    expect(findBreakingChanges(bare, before)).toEqual([]);
  });

  test('podManagementPolicy OrderedReady written out where it was omitted (the default)', () => {
    const omitted = before.map((m) =>
      m.kind !== 'StatefulSet'
        ? m
        : {
            ...m,
            spec: { ...m.spec, podManagementPolicy: undefined },
          },
    );

    expect(findBreakingChanges(omitted, before)).toEqual([]);
  });

  test('a StatefulSet added', () => {
    expect(
      findBreakingChanges(
        before.filter((m) => m.kind !== 'StatefulSet'),
        before,
      ),
    ).toEqual([]);
  });

  test.each([['1024Mi'], ['1073741824'], ['1.0Gi'], ['1048576Ki']])(
    'the claim storage written as %s, the same quantity as 1Gi',
    (storage) => {
      const written = before.map((m) =>
        m.kind !== 'StatefulSet'
          ? m
          : {
              ...m,
              spec: {
                ...m.spec,
                volumeClaimTemplates: m.spec.volumeClaimTemplates.map((t: any) => ({
                  ...t,
                  spec: { ...t.spec, resources: { requests: { storage } } },
                })),
              },
            },
      );

      expect(findBreakingChanges(written, before)).toEqual([]);
      expect(findBreakingChanges(before, written)).toEqual([]);
    },
  );
});

test('the claim storage 1Gi to 1025Mi is a change, shown as written', () => {
  const grown = before.map((m) =>
    m.kind !== 'StatefulSet'
      ? m
      : {
          ...m,
          spec: {
            ...m.spec,
            volumeClaimTemplates: m.spec.volumeClaimTemplates.map((t: any) => ({
              ...t,
              spec: { ...t.spec, resources: { requests: { storage: '1025Mi' } } },
            })),
          },
        },
  );

  expect(onlyChange(grown)).toMatchObject({
    field: 'spec.volumeClaimTemplates[www].spec.resources.requests.storage',
    before: '"1Gi"',
    after: '"1025Mi"',
  });
});

describe('messages', () => {
  test('one change reads: object, field, old and new value, then what happens and how to migrate', () => {
    const text = formatBreakingChange(onlyChange(example({ props: { volumeName: 'data' } })));

    expect(text.split('\n')[0]).toBe('StatefulSet web: spec.volumeClaimTemplates[www].metadata.name changes from "www" to "data".');
    expect(text).toMatch(/\n {2}On the cluster: .*would be orphaned/);
    expect(text).toMatch(/\n {2}To migrate: Keep the name "www"/);
  });

  test('kubectl commands carry the namespace', () => {
    const inShop = example({ namespace: 'shop' });
    const change = onlyChange(example({ namespace: 'shop', props: { serviceName: 'nginx2' } }), inShop);

    expect(change.object).toBe('StatefulSet shop/web');
    expect(change.migration).toContain('kubectl delete statefulset web -n shop --cascade=orphan');
  });

  test.each([
    [[0, 1, 2], 'www-web-0..www-web-2'],
    [[0], 'www-web-0'],
    [[0, 5, 6], 'www-web-0, www-web-5..www-web-6'],
    [[], 'www-web-<ordinal> (none: no replicas)'],
  ])('claim ranges: %j', (ordinals, text) => {
    expect(ordinalRange('www-web-', ordinals)).toBe(text);
  });
});

describe("the API server's rule for each field of a StatefulSet's spec (apps/v1 ValidateStatefulSetUpdate, Kubernetes 1.28 to 1.36)", () => {
  // The server copies the fields an update may change from the new object into a copy of the old
  // one, then compares the whole spec with apiequality.Semantic.DeepEqual, after defaulting both:
  // every other field must be equal, maps by key, lists element by element in order, quantities by amount.
  type Spec = { [key: string]: any };
  /** The example's StatefulSet with its spec edited by `edit`. */
  const withSpec = (edit: (spec: Spec) => void): Manifest[] =>
    before.map((m) => {
      if (m.kind !== 'StatefulSet') return m;
      const copy = JSON.parse(JSON.stringify(m));
      edit(copy.spec);
      return copy;
    });
  const template = (spec: Spec) => spec.volumeClaimTemplates[0];
  const extra = (name: string) => ({
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });

  // [field, the server's rule, an edit of the spec, the breaking change expected (undefined: none),
  //  and an edit of the spec before (none: the example's)]
  const RULES: Array<[string, string, (spec: Spec) => void, string | undefined, ((spec: Spec) => void)?]> = [
    [
      'replicas',
      'may change',
      (s) => {
        s.replicas = 5;
      },
      undefined,
    ],
    [
      'template',
      'may change',
      (s) => {
        s.template.spec.containers[0].image = 'nginx:2';
      },
      undefined,
    ],
    [
      'updateStrategy',
      'may change',
      (s) => {
        s.updateStrategy = { type: 'OnDelete' };
      },
      undefined,
    ],
    [
      'revisionHistoryLimit',
      'may change',
      (s) => {
        s.revisionHistoryLimit = 3;
      },
      undefined,
    ],
    [
      'minReadySeconds',
      'may change',
      (s) => {
        s.minReadySeconds = 10;
      },
      undefined,
    ],
    [
      'persistentVolumeClaimRetentionPolicy',
      'may change',
      (s) => {
        s.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
      },
      undefined,
    ],
    [
      'ordinals',
      'may change, but renumbers the pods onto new claims',
      (s) => {
        s.ordinals = { start: 1 };
      },
      'spec.ordinals.start',
    ],
    [
      'selector',
      'may not change',
      (s) => {
        s.selector = { matchLabels: { app: 'other' } };
      },
      'spec.selector',
    ],
    [
      'selector',
      'is a map: the order of its keys is no change',
      (s) => {
        s.selector = { matchLabels: { ...s.selector.matchLabels } };
      },
      undefined,
    ],
    [
      'serviceName',
      'may not change',
      (s) => {
        s.serviceName = 'other';
      },
      'spec.serviceName',
    ],
    [
      'podManagementPolicy',
      'may not change',
      (s) => {
        s.podManagementPolicy = 'Parallel';
      },
      'spec.podManagementPolicy',
    ],
    [
      'podManagementPolicy',
      'omitted, defaults to OrderedReady: no change',
      (s) => {
        delete s.podManagementPolicy;
      },
      undefined,
    ],
    [
      'volumeClaimTemplates',
      'may not change: a field of a template',
      (s) => {
        template(s).spec.accessModes = ['ReadWriteOncePod'];
      },
      'spec.volumeClaimTemplates[www].spec.accessModes',
    ],
    [
      'volumeClaimTemplates',
      'may not change: a template added',
      (s) => {
        s.volumeClaimTemplates.push(extra('b'));
      },
      'spec.volumeClaimTemplates[b]',
    ],
    [
      'volumeClaimTemplates',
      'is a list: the same templates in another order are a change',
      (s) => {
        s.volumeClaimTemplates.unshift(extra('b'));
      },
      'spec.volumeClaimTemplates (order)',
      (s) => {
        s.volumeClaimTemplates.push(extra('b'));
      },
    ],
    [
      'volumeClaimTemplates',
      'quantities compare by amount: 1Gi and 1024Mi are equal',
      (s) => {
        template(s).spec.resources.requests.storage = '1024Mi';
      },
      undefined,
    ],
    [
      'volumeClaimTemplates',
      'apiVersion, kind and status are dropped when stored: no change',
      (s) => {
        delete template(s).apiVersion;
        delete template(s).kind;
        template(s).status = { phase: 'Pending' };
      },
      undefined,
    ],
    [
      'volumeClaimTemplates',
      'volumeMode defaults to Filesystem: no change',
      (s) => {
        template(s).spec.volumeMode = 'Filesystem';
      },
      undefined,
    ],
  ];

  // A rest parameter: jest takes a callback with more parameters than the row has values for a test with `done`.
  test.each(RULES)('%s %s', (...row) => {
    const [, , edit, breaking, editBefore] = row;
    const from = editBefore ? withSpec(editBefore) : before;

    const changes = findBreakingChanges(
      from,
      withSpec((s) => {
        editBefore?.(s);
        edit(s);
      }),
    ).map((c) => c.field);

    expect(changes).toEqual(breaking === undefined ? [] : [breaking]);
  });

  test('every field of the 1.28 StatefulSetSpec has a rule above', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'imports', 'k8s.ts'), 'utf-8');
    const body = /export interface StatefulSetSpec \{([\s\S]*?)\n\}/.exec(source)![1];
    const fields = [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]).sort();

    expect([...new Set(RULES.map(([field]) => field))].sort()).toEqual(fields);
  });
});
