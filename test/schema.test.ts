import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { listManifestFiles } from '../lib/synth/manifest-app';
import { ProductionExampleChart } from '../examples/production';
import { WebExampleChart } from '../main';
import { k8sFields, parseImports } from './k8s-fields';
import { Manifest, synth } from './helpers';
import { formatSchemaError, schemaErrors, validateManifest } from './schema';

// Every kind StatefulWeb can emit, all opt-in objects included, straight from cdk8s (not through
// synth(), which would already throw on a schema error).
const production = Testing.synth(new ProductionExampleChart(Testing.app(), 'production')) as Manifest[];

/** A fresh copy of the production example's `<Kind>/<name>`. */
function object(id: string): Manifest {
  const found = production.find((m) => `${m.kind}/${m.metadata.name}` === id);
  if (!found) throw new Error(`no ${id} in the production example`);
  return structuredClone(found);
}

/** The schema errors of `<Kind>/<name>` after `change`, one formatted line each. */
function errorsAfter(id: string, change: (o: any) => void): string[] {
  const changed = object(id);
  change(changed);
  return schemaErrors(changed).map(formatSchemaError);
}

const container = (o: any) => o.spec.template.spec.containers[0];
const claimTemplate = (o: any) => o.spec.volumeClaimTemplates[0];

describe('valid objects pass', () => {
  test('the production example holds every kind StatefulWeb can emit', () => {
    expect(new Set(production.map((m) => m.kind))).toEqual(new Set(['Service', 'StatefulSet', 'PodDisruptionBudget', 'NetworkPolicy']));
  });

  test.each(production.map((m) => `${m.kind}/${m.metadata.name}`))('production example: %s', (id) => {
    expect(schemaErrors(object(id))).toEqual([]);
  });

  test('the example app', () => {
    const manifests = Testing.synth(new WebExampleChart(Testing.app(), 'web-example'));
    expect(manifests.flatMap(schemaErrors)).toEqual([]);
  });

  test('the committed dist/ files', () => {
    const dist = path.join(__dirname, '..', 'dist');
    const objects = listManifestFiles(dist).flatMap((f) =>
      parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf-8')).map((d) => d.toJS()),
    );
    expect(objects.map((o) => o.kind)).toEqual(['Service', 'StatefulSet']);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  test("a field that Kubernetes 1.28 added (a sidecar container's restartPolicy)", () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        o.spec.template.spec.initContainers = [{ name: 'log', image: 'busybox', restartPolicy: 'Always' }];
      }),
    ).toEqual([]);
  });
});

describe('wrong types', () => {
  test('a string where an integer belongs', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        o.spec.replicas = '3';
      }),
    ).toEqual(['StatefulSet/web: spec.replicas: must be integer']);
  });

  test('in a container', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        container(o).ports[0].containerPort = '8080';
      }),
    ).toEqual(['StatefulSet/web: spec.template.spec.containers[0].ports[0].containerPort: must be integer']);
  });

  test('an integer beyond int32', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        o.spec.replicas = 2 ** 31;
      }),
    ).toEqual(['StatefulSet/web: spec.replicas: must match format "int32"']);
  });

  test('a label value that is not a string, under a key with dots and a slash', () => {
    expect(
      errorsAfter('Service/web', (o) => {
        o.metadata.labels['app.kubernetes.io/version'] = 1;
      }),
    ).toEqual(['Service/web: metadata.labels["app.kubernetes.io/version"]: must be string']);
  });

  test('int-or-string: neither', () => {
    expect(
      errorsAfter('PodDisruptionBudget/web', (o) => {
        o.spec.maxUnavailable = true;
      }),
    ).toEqual(['PodDisruptionBudget/web: spec.maxUnavailable: matches none of the allowed forms (must be string / must be integer)']);
  });

  test('a quantity that is not one', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        claimTemplate(o).spec.resources.requests.storage = '10 GB';
      }),
    ).toEqual([
      'StatefulSet/web: spec.volumeClaimTemplates[0].spec.resources.requests.storage: matches none of the allowed forms (must be number / must match format "quantity")',
    ]);
  });
});

describe('required fields', () => {
  test("the StatefulSet's selector", () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        delete o.spec.selector;
      }),
    ).toEqual(['StatefulSet/web: spec.selector: required field is missing']);
  });

  test("a container's name", () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        delete container(o).name;
      }),
    ).toEqual(['StatefulSet/web: spec.template.spec.containers[0].name: required field is missing']);
  });

  test("a Service port's port", () => {
    expect(
      errorsAfter('Service/web', (o) => {
        delete o.spec.ports[0].port;
      }),
    ).toEqual(['Service/web: spec.ports[0].port: required field is missing']);
  });
});

describe('values outside an enum', () => {
  test('podManagementPolicy', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        o.spec.podManagementPolicy = 'Fast';
      }),
    ).toEqual(['StatefulSet/web: spec.podManagementPolicy: must be one of "OrderedReady", "Parallel"']);
  });

  test("a NetworkPolicy port's protocol", () => {
    expect(
      errorsAfter('NetworkPolicy/web', (o) => {
        o.spec.ingress[0].ports[0].protocol = 'HTTP';
      }),
    ).toEqual(['NetworkPolicy/web: spec.ingress[0].ports[0].protocol: must be one of "SCTP", "TCP", "UDP"']);
  });
});

describe('unknown and misspelt fields', () => {
  test('at the top level', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        o.sepc = {};
      }),
    ).toEqual(['StatefulSet/web: sepc: unknown field: StatefulSet in the Kubernetes 1.28 schema has no field "sepc"']);
  });

  test('in a container', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        container(o).imagePullPolicyy = 'Always';
      }),
    ).toEqual([
      'StatefulSet/web: spec.template.spec.containers[0].imagePullPolicyy: unknown field: Container in the Kubernetes 1.28 schema has no field "imagePullPolicyy"',
    ]);
  });

  test('in a claim template, and in its metadata', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        claimTemplate(o).spec.storageClass = 'fast-ssd';
        claimTemplate(o).metadata.label = { app: 'web' };
      }),
    ).toEqual([
      'StatefulSet/web: spec.volumeClaimTemplates[0].metadata.label: unknown field: ObjectMeta in the Kubernetes 1.28 schema has no field "label"',
      'StatefulSet/web: spec.volumeClaimTemplates[0].spec.storageClass: unknown field: PersistentVolumeClaimSpec in the Kubernetes 1.28 schema has no field "storageClass"',
    ]);
  });

  test('a claim template may carry apiVersion and kind, as a PersistentVolumeClaim does', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        Object.assign(claimTemplate(o), { apiVersion: 'v1', kind: 'PersistentVolumeClaim' });
      }),
    ).toEqual([]);
  });

  test('wrong case, in a Service port', () => {
    expect(
      errorsAfter('Service/web', (o) => {
        o.spec.ports[0].targetport = 8080;
      }),
    ).toEqual([
      'Service/web: spec.ports[0].targetport: unknown field: ServicePort in the Kubernetes 1.28 schema has no field "targetport"',
    ]);
  });

  test('in a PodDisruptionBudget', () => {
    expect(
      errorsAfter('PodDisruptionBudget/web', (o) => {
        o.spec.minAvailible = 1;
      }),
    ).toEqual([
      'PodDisruptionBudget/web: spec.minAvailible: unknown field: PodDisruptionBudgetSpec in the Kubernetes 1.28 schema has no field "minAvailible"',
    ]);
  });

  test('in a NetworkPolicy peer', () => {
    expect(
      errorsAfter('NetworkPolicy/web', (o) => {
        o.spec.ingress[0].from[0].namespaceSelectors = {};
      }),
    ).toEqual([
      'NetworkPolicy/web: spec.ingress[0].from[0].namespaceSelectors: unknown field: NetworkPolicyPeer in the Kubernetes 1.28 schema has no field "namespaceSelectors"',
    ]);
  });

  test('status, which the cluster writes', () => {
    expect(
      errorsAfter('StatefulSet/web', (o) => {
        o.status = { replicas: 3 };
      }),
    ).toEqual(['StatefulSet/web: status: status is written by the cluster: a manifest must not set it']);
  });
});

describe('objects without a schema', () => {
  test('an unknown kind', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }).map(formatSchemaError)).toEqual([
      'Widget/w: (root): no Kubernetes 1.28 schema for apiVersion "example.com/v1" kind "Widget"',
    ]);
  });

  test('no apiVersion', () => {
    expect(schemaErrors({ kind: 'Service', metadata: { name: 's' } }).map(formatSchemaError)).toEqual([
      'Service/s: (root): must be an object with string apiVersion and kind',
    ]);
  });
});

describe('reporting', () => {
  test('validateManifest lists every error, one per line', () => {
    const broken = object('StatefulSet/web');
    broken.spec.replicas = -1.5;
    container(broken).imagee = 'nginx';
    expect(() => validateManifest(broken)).toThrow(
      [
        '2 Kubernetes schema error(s):',
        'StatefulSet/web: spec.replicas: must be integer',
        'StatefulSet/web: spec.template.spec.containers[0].imagee: unknown field: Container in the Kubernetes 1.28 schema has no field "imagee"',
      ].join('\n'),
    );
  });

  test('synth() of the tests fails on an object that breaks the schema', () => {
    // A plain ApiObject, such as StatefulWeb's, writes whatever fields it is given.
    const chart = new Chart(Testing.app(), 'test');
    const { apiVersion, kind, metadata, ...rest } = object('StatefulSet/web');
    container(rest).imagePullPolicyy = 'Always';
    new ApiObject(chart, 'web', { apiVersion, kind, metadata, ...rest });

    expect(() => synth(chart)).toThrow('StatefulSet/web: spec.template.spec.containers[0].imagePullPolicyy: unknown field');
  });
});

describe('the field table of the Kubernetes 1.28 schema (imports/k8s.ts)', () => {
  const { kinds, types } = k8sFields();

  test('knows the kinds StatefulWeb emits', () => {
    expect(kinds.get('apps/v1/StatefulSet')).toBe('KubeStatefulSetProps');
    expect(kinds.get('v1/Service')).toBe('KubeServiceProps');
    expect(kinds.get('policy/v1/PodDisruptionBudget')).toBe('KubePodDisruptionBudgetProps');
    expect(kinds.get('networking.k8s.io/v1/NetworkPolicy')).toBe('KubeNetworkPolicyProps');
  });

  test('tells plain fields, objects and maps of objects apart', () => {
    expect(types.get('StatefulSetSpec')?.get('replicas')).toEqual({});
    expect(types.get('StatefulSetSpec')?.get('template')).toEqual({ type: 'PodTemplateSpec' });
    expect(types.get('StatefulSetSpec')?.get('volumeClaimTemplates')).toEqual({ type: 'KubePersistentVolumeClaimProps' });
    expect(types.get('ResourceRequirements')?.get('limits')).toEqual({}); // a map of quantities
    expect(types.get('JsonSchemaProps')?.get('properties')).toEqual({ mapOf: 'JsonSchemaProps' });
  });

  test('fails loudly if the generated code changes its form', () => {
    const changed = [
      'export function toJson_Thing(obj: Thing | undefined): Record<string, any> | undefined {',
      '  const result = {',
      '    name: obj.name,',
      '  };',
      '',
    ].join('\n');
    expect(() => parseImports(changed)).toThrow('imports/k8s.ts, toJson_Thing: unexpected line "    name: obj.name,"');
    expect(() => parseImports('// nothing here\n')).toThrow('no kinds or object types found');
  });
});
