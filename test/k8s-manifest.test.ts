// StatefulWeb's objects are plain ApiObjects with the manifest's own field names, typed through
// `Manifest<T>` by imports/k8s.ts (lib/manifest.ts). The tables that make the types right are
// checked here against imports/k8s.ts itself; the types are checked by `npm run typecheck`
// (the `@ts-expect-error` lines fail it if a wrong field ever compiles).
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import type { IntOrString, KubeServiceProps, PodSpec, Quantity, ResourceRequirements, ServicePort } from '../imports/k8s';
import { StatefulWeb } from '../lib';
import { Kind, KINDS, KUBERNETES_FIELD_NAMES, Manifest, ManifestObject } from '../lib/manifest';
import { k8sFields } from './k8s-fields';
import { schemaErrors } from './schema';

/** The object types reachable from the props of `kinds`, by their names in imports/k8s.ts. */
function reachableTypes(kinds: readonly string[]): Set<string> {
  const { types } = k8sFields();
  const reached = new Set<string>();
  const visit = (type: string): void => {
    if (reached.has(type)) return;
    reached.add(type);
    for (const field of types.get(type)?.values() ?? []) {
      const child = field.type ?? field.mapOf;
      if (child) visit(child);
    }
  };
  kinds.forEach((kind) => visit(`Kube${kind}Props`));
  return reached;
}

describe('the tables of lib/manifest.ts agree with imports/k8s.ts', () => {
  const { kinds, types } = k8sFields();

  test('KINDS: the apiVersion of each kind is the one of its generated class', () => {
    for (const [kind, apiVersion] of Object.entries(KINDS)) {
      expect([kind, kinds.get(`${apiVersion}/${kind}`)]).toEqual([kind, `Kube${kind}Props`]);
    }
  });

  test('KUBERNETES_FIELD_NAMES: every field of the types StatefulWeb writes that TypeScript names otherwise, and no other', () => {
    const renamed: Record<string, string> = {};
    for (const type of reachableTypes(Object.keys(KINDS))) {
      for (const [name, field] of types.get(type) ?? []) {
        if (!field.property) continue;
        // One table for every type: a property must have one Kubernetes name wherever it occurs.
        expect([type, field.property, renamed[field.property] ?? name]).toEqual([type, field.property, name]);
        renamed[field.property] = name;
      }
    }
    expect(renamed).toEqual(KUBERNETES_FIELD_NAMES);
    // ... and the reachable types are many (the walk follows objects, lists and maps of objects).
    expect(reachableTypes(['StatefulSet']).has('VsphereVirtualDiskVolumeSource')).toBe(true);
  });

  test('no renamed property is also a field under its own name in the types StatefulWeb writes', () => {
    for (const type of reachableTypes(Object.keys(KINDS))) {
      const plainNames = [...(types.get(type)?.entries() ?? [])].filter(([, field]) => !field.property).map(([name]) => name);
      expect([type, plainNames.filter((name) => name in KUBERNETES_FIELD_NAMES)]).toEqual([type, []]);
    }
  });
});

describe('ManifestObject', () => {
  test('writes apiVersion, kind and the props as they are', () => {
    const chart = new Chart(Testing.app(), 'test');
    const service = new ManifestObject(chart, 'service', 'Service', {
      metadata: { name: 'nginx' },
      spec: { clusterIP: 'None', ports: [{ port: 8080, targetPort: 'web' }] },
    });

    expect(service).toBeInstanceOf(ApiObject);
    expect(service.toJson()).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nginx' },
      spec: { clusterIP: 'None', ports: [{ port: 8080, targetPort: 'web' }] },
    });
  });

  test.each(Object.keys(KINDS) as Kind[])('knows %s', (kind) => {
    const object = new ManifestObject(new Chart(Testing.app(), 'test'), 'object', kind, { metadata: { name: 'x' } });
    expect([object.apiVersion, object.kind]).toEqual([KINDS[kind], kind]);
  });
});

describe("StatefulWeb's objects take escape hatches in the manifest's terms", () => {
  function web(): StatefulWeb {
    return new StatefulWeb(new Chart(Testing.app(), 'test'), 'web', { image: 'bitnami/nginx', serviceName: 'nginx' });
  }

  test("a patch uses the manifest's path and value", () => {
    const { service, statefulSet } = web();
    service.addJsonPatch(JsonPatch.add('/spec/ports/0/targetPort', 'http'), JsonPatch.replace('/spec/clusterIP', 'None'));
    statefulSet.addJsonPatch(JsonPatch.add('/spec/template/spec/hostPID', false));

    expect(service.toJson().spec).toMatchObject({ clusterIP: 'None', ports: [{ port: 8080, name: 'http', targetPort: 'http' }] });
    expect(statefulSet.toJson().spec.template.spec.hostPID).toBe(false);
  });

  test("a label added through one object's metadata stays on that object", () => {
    const { service, statefulSet } = web();
    service.metadata.addLabel('tier', 'web');

    expect(service.toJson().metadata.labels.tier).toBe('web');
    expect(statefulSet.toJson().metadata.labels.tier).toBeUndefined();
    expect(statefulSet.toJson().spec.template.metadata.labels.tier).toBeUndefined();
  });

  test('a field that Kubernetes 1.28 does not know (here one of 1.33) is kept, not dropped', () => {
    const { service } = web();
    service.addJsonPatch(JsonPatch.add('/spec/trafficDistribution', 'PreferClose'));

    expect(service.toJson().spec.trafficDistribution).toBe('PreferClose');
  });
});

// ---- compile-time: `npm run typecheck` fails if any of these lines changes its verdict.

const servicePort: Manifest<ServicePort> = { port: 8080, targetPort: 'web' };
const podSpec: Manifest<PodSpec> = {
  containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080, hostIP: '127.0.0.1' }] }],
  hostPID: false,
};
const resources: Manifest<ResourceRequirements> = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1 } };
const storage: Manifest<Quantity> = '1Gi';
const port: Manifest<IntOrString> = 8080;
// @ts-expect-error: the TypeScript name of imports/k8s.ts is not the manifest's
const wrongName: Manifest<KubeServiceProps> = { spec: { clusterIp: 'None' } };
// @ts-expect-error: a misspelt field
const misspelt: Manifest<PodSpec> = { containers: [], hostPid: true };
// @ts-expect-error: a quantity is its value, not an object
const quantityObject: Manifest<ResourceRequirements> = { requests: { cpu: { value: '100m' } } };
// @ts-expect-error: a port is a number or a name, not a boolean
const wrongType: Manifest<ServicePort> = { port: 8080, targetPort: true };

test('what the types accept, the Kubernetes schema accepts; what they reject, it rejects', () => {
  const service = (spec: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec });
  const statefulSet = (podSpecOf: unknown) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpecOf },
    },
  });
  const withResources = (requests: unknown) => ({
    ...podSpec,
    containers: [{ ...podSpec.containers[0], resources: { ...resources, requests } }],
  });
  const rules = (object: unknown) => schemaErrors(object).map((error) => `${error.path}: ${error.rule}`);

  expect(rules(service({ clusterIP: 'None', ports: [servicePort, { port, name: 'other' }] }))).toEqual([]);
  expect(rules(statefulSet(withResources({ ...resources.requests, storage })))).toEqual([]);

  expect(rules(service(wrongName.spec))).toEqual([expect.stringMatching(/^spec\.clusterIp: unknown field/)]);
  expect(rules(statefulSet(misspelt))).toEqual([expect.stringMatching(/^spec\.template\.spec\.hostPid: unknown field/)]);
  expect(rules(statefulSet(withResources(quantityObject.requests)))).not.toEqual([]);
  expect(rules(service({ ports: [wrongType] }))).not.toEqual([]);
});
