import { Chart, Size, Testing } from 'cdk8s';
import { AccessMode, StatefulWeb, StatefulWebProps } from '../lib';
import { statefulWebObjects } from './manifests';

/** A chart (in `namespace`, if given) holding one StatefulWeb with id `web` made from `props`. */
function chartWith(props: StatefulWebProps, namespace?: string) {
  const chart = new Chart(Testing.app(), 'test', { namespace });
  const web = new StatefulWeb(chart, 'web', props);
  return { chart, web };
}

describe('defaults', () => {
  // GIVEN only the required prop
  const { chart, web } = chartWith({ image: 'bitnami/nginx' });
  const { manifests, service, statefulSet, container, claimTemplate } = statefulWebObjects(chart);

  test('exactly a Service and a StatefulSet, the Service first', () => {
    expect(manifests.map((m) => `${m.apiVersion}/${m.kind}`)).toEqual(['v1/Service', 'apps/v1/StatefulSet']);
  });

  test('the StatefulSet is named after the construct id, the Service <name>-headless', () => {
    expect(statefulSet.metadata.name).toBe('web');
    expect(service.metadata.name).toBe('web-headless');
    expect(web.name).toBe('web');
    expect(web.serviceName).toBe('web-headless');
  });

  test('the container is named after the image, listens on 8080 named http', () => {
    expect(container.name).toBe('nginx');
    expect(container.image).toBe('bitnami/nginx');
    expect(container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(service.spec.ports).toEqual([{ port: 8080, name: 'http' }]);
  });

  test('one replica, labels { app: <name> }', () => {
    expect(statefulSet.spec.replicas).toBe(1);
    expect(statefulSet.spec.selector.matchLabels).toEqual({ app: 'web' });
    expect(web.selectorLabels).toEqual({ app: 'web' });
  });

  test('a 1Gi ReadWriteOnce claim template named data, mounted on /app, with the cluster default StorageClass', () => {
    expect(claimTemplate.metadata.name).toBe('data');
    expect(claimTemplate.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    });
    expect(claimTemplate.spec).not.toHaveProperty('storageClassName');
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/app' }]);
  });
});

describe('the three parts fit together', () => {
  const { chart } = chartWith({
    image: 'registry.example.com/shop/web:2.1',
    name: 'shop',
    serviceName: 'shop-peers',
    replicas: 3,
    port: 9000,
    portName: 'api',
    labels: { 'app.kubernetes.io/name': 'shop', 'tier': 'web' },
    volumeName: 'state',
    mountPath: '/var/lib/shop',
  });
  const { service, statefulSet, container, claimTemplate } = statefulWebObjects(chart);

  test('the Service is headless', () => {
    expect(service.spec.clusterIP).toBe('None');
  });

  test('Service selector = StatefulSet selector = the labels, which the pod template carries', () => {
    const labels = { 'app.kubernetes.io/name': 'shop', 'tier': 'web' };
    expect(service.spec.selector).toEqual(labels);
    expect(statefulSet.spec.selector.matchLabels).toEqual(labels);
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(labels);
  });

  test('serviceName names the headless Service', () => {
    expect(statefulSet.spec.serviceName).toBe(service.metadata.name);
    expect(service.metadata.name).toBe('shop-peers');
  });

  test('the volumeMount refers to the claim template', () => {
    expect(container.volumeMounts).toEqual([{ name: claimTemplate.metadata.name, mountPath: '/var/lib/shop' }]);
    expect(claimTemplate.metadata.name).toBe('state');
  });

  test('container and Service ports agree in number and name', () => {
    expect(container.ports).toEqual([{ containerPort: 9000, name: 'api' }]);
    expect(service.spec.ports).toEqual([{ port: 9000, name: 'api' }]);
  });

  test('names are exactly as given, without hash suffixes', () => {
    expect(statefulSet.metadata.name).toBe('shop');
    expect(container.name).toBe('web');
    expect(statefulSet.spec.replicas).toBe(3);
  });
});

describe('storage', () => {
  test.each([
    ['1 GiB', Size.gibibytes(1), '1Gi'],
    ['512 MiB', Size.mebibytes(512), '512Mi'],
    ['1.5 GiB, never rounded', Size.gibibytes(1.5), '1536Mi'],
    ['10 GiB', Size.gibibytes(10), '10Gi'],
    ['1024 MiB', Size.mebibytes(1024), '1Gi'],
    ['2 TiB', Size.tebibytes(2), '2Ti'],
    ['1.5 MiB', Size.mebibytes(1.5), '1536Ki'],
    ['0.5 KiB', Size.kibibytes(0.5), '512'],
  ])('%s is requested as %s', (_, storage, quantity) => {
    const { claimTemplate } = statefulWebObjects(chartWith({ image: 'nginx', storage }).chart);
    expect(claimTemplate.spec.resources.requests.storage).toBe(quantity);
  });

  test('storageClassName and access modes are written as given', () => {
    const { claimTemplate } = statefulWebObjects(chartWith({
      image: 'nginx',
      storageClassName: 'fast-ssd',
      accessModes: [AccessMode.READ_WRITE_ONCE_POD],
    }).chart);
    expect(claimTemplate.spec.storageClassName).toBe('fast-ssd');
    expect(claimTemplate.spec.accessModes).toEqual(['ReadWriteOncePod']);
  });

  test('an empty storageClassName (no dynamic provisioning) is written, not dropped', () => {
    const { claimTemplate } = statefulWebObjects(chartWith({ image: 'nginx', storageClassName: '' }).chart);
    expect(claimTemplate.spec.storageClassName).toBe('');
  });

  test('several access modes', () => {
    const { claimTemplate } = statefulWebObjects(chartWith({
      image: 'nginx',
      accessModes: [AccessMode.READ_WRITE_MANY, AccessMode.READ_ONLY_MANY],
    }).chart);
    expect(claimTemplate.spec.accessModes).toEqual(['ReadWriteMany', 'ReadOnlyMany']);
  });
});

describe('containerName defaults to the image name without registry, tag or digest', () => {
  test.each([
    ['nginx', 'nginx'],
    ['bitnami/nginx', 'nginx'],
    ['docker.io/bitnami/nginx:1.25', 'nginx'],
    ['registry.example.com:5000/team/shop:v1', 'shop'],
    ['ghcr.io/acme/web@sha256:0123456789abcdef', 'web'],
    ['ghcr.io/acme/web:1.0@sha256:0123456789abcdef', 'web'],
  ])('%s gives %s', (image, containerName) => {
    const { container } = statefulWebObjects(chartWith({ image }).chart);
    expect(container.name).toBe(containerName);
  });
});

describe('pod DNS names and claim names', () => {
  test('podDnsName uses the argument, else the chart namespace, else default', () => {
    const { web } = chartWith({ image: 'bitnami/nginx', serviceName: 'nginx' });
    expect(web.podDnsName(0)).toBe('web-0.nginx.default.svc.cluster.local');
    expect(web.podDnsName(1, 'shop')).toBe('web-1.nginx.shop.svc.cluster.local');

    const inNamespace = chartWith({ image: 'bitnami/nginx', serviceName: 'nginx' }, 'prod').web;
    expect(inNamespace.podDnsName(2)).toBe('web-2.nginx.prod.svc.cluster.local');
    expect(inNamespace.podDnsName(2, 'other')).toBe('web-2.nginx.other.svc.cluster.local');
  });

  test('claimName is <volumeName>-<name>-<ordinal>', () => {
    const { web } = chartWith({ image: 'bitnami/nginx', volumeName: 'www' });
    expect(web.claimName(0)).toBe('www-web-0');
    expect(web.claimName(11)).toBe('www-web-11');
  });

  test.each([-1, 1.5, NaN])('ordinal %p is rejected', (ordinal) => {
    const { web } = chartWith({ image: 'bitnami/nginx' });
    expect(() => web.podDnsName(ordinal)).toThrow(`StatefulWeb "test/web": invalid ordinal ${ordinal}: it must be an integer of at least 0.`);
    expect(() => web.claimName(ordinal)).toThrow('invalid ordinal');
  });
});

test('objects of a namespaced chart carry the namespace', () => {
  const { manifests } = statefulWebObjects(chartWith({ image: 'nginx' }, 'prod').chart);
  expect(manifests.map((m) => m.metadata.namespace)).toEqual(['prod', 'prod']);
});
