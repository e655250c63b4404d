import { Size } from 'cdk8s';
import { AccessMode, EnvValue, PodAntiAffinity, StatefulWebProps, VolumeMode, VolumeSource } from '../lib';
import { chartWith, onlyOfKind, statefulWebObjects, synth } from './helpers';

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
    labels: { 'app.kubernetes.io/name': 'shop', tier: 'web' },
    volumeName: 'state',
    mountPath: '/var/lib/shop',
  });
  const { service, statefulSet, container, claimTemplate } = statefulWebObjects(chart);

  test('the Service is headless', () => {
    expect(service.spec.clusterIP).toBe('None');
  });

  test('Service selector = StatefulSet selector = the labels, which the pod template carries', () => {
    const labels = { 'app.kubernetes.io/name': 'shop', tier: 'web' };
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
  test('the storage request is written as a Kubernetes quantity, never rounded (test/quantities.test.ts)', () => {
    const { claimTemplate } = statefulWebObjects(chartWith({ image: 'nginx', storage: Size.gibibytes(1.5) }).chart);
    expect(claimTemplate.spec.resources.requests.storage).toBe('1536Mi');
  });

  test('storageClassName and access modes are written as given', () => {
    const { claimTemplate } = statefulWebObjects(
      chartWith({
        image: 'nginx',
        storageClassName: 'fast-ssd',
        accessModes: [AccessMode.READ_WRITE_ONCE_POD],
      }).chart,
    );
    expect(claimTemplate.spec.storageClassName).toBe('fast-ssd');
    expect(claimTemplate.spec.accessModes).toEqual(['ReadWriteOncePod']);
  });

  test('an empty storageClassName (no dynamic provisioning) is written, not dropped', () => {
    const { claimTemplate } = statefulWebObjects(chartWith({ image: 'nginx', storageClassName: '' }).chart);
    expect(claimTemplate.spec.storageClassName).toBe('');
  });

  test('several access modes', () => {
    const { claimTemplate } = statefulWebObjects(
      chartWith({
        image: 'nginx',
        accessModes: [AccessMode.READ_WRITE_MANY, AccessMode.READ_ONLY_MANY],
      }).chart,
    );
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
    expect(() => web.podDnsName(ordinal)).toThrow(
      `StatefulWeb "test/web": invalid ordinal ${ordinal}: it must be an integer from 0 to 2147483647.`,
    );
    expect(() => web.claimName(ordinal)).toThrow('invalid ordinal');
  });
});

test('objects of a namespaced chart carry the namespace', () => {
  const { manifests } = statefulWebObjects(chartWith({ image: 'nginx' }, 'prod').chart);
  expect(manifests.map((m) => m.metadata.namespace)).toEqual(['prod', 'prod']);
});

describe('production defaults', () => {
  // GIVEN only the required prop
  const { manifests, service, statefulSet, podSpec, container, claimTemplate } = statefulWebObjects(
    chartWith({ image: 'bitnami/nginx' }).chart,
  );

  test('no PodDisruptionBudget, client Service or NetworkPolicy unless asked', () => {
    expect(manifests.map((m) => m.kind)).toEqual(['Service', 'StatefulSet']);
  });

  test('restricted Pod Security Standard, without fixed ids (OpenShift assigns them)', () => {
    expect(podSpec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      runAsNonRoot: true,
      readOnlyRootFilesystem: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(podSpec.automountServiceAccountToken).toBe(false);
    for (const hostField of ['hostNetwork', 'hostPID', 'hostIPC']) expect(podSpec).not.toHaveProperty(hostField);
    expect(podSpec).not.toHaveProperty('volumes');
    expect(container).not.toHaveProperty('imagePullPolicy');
  });

  test('modest resources, no CPU limit', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { memory: '256Mi', 'ephemeral-storage': '1Gi' },
    });
  });

  test('TCP readiness and liveness probes on the web port, no startup probe', () => {
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 } });
    expect(container).not.toHaveProperty('startupProbe');
  });

  test('a liveness probe less sensitive than the readiness probe: the pod is out of service well before it is restarted', () => {
    // Kubernetes' defaults for what a probe leaves out: period 10 s, timeout 1 s, 3 failures.
    const failingFor = (probe: any) => (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3);
    expect(container.livenessProbe).toEqual({
      tcpSocket: { port: 8080 },
      initialDelaySeconds: 30,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 6,
    });
    expect(failingFor(container.livenessProbe)).toBeGreaterThanOrEqual(4 * failingFor(container.readinessProbe));
    expect(container.livenessProbe.timeoutSeconds).toBeGreaterThan(container.readinessProbe.timeoutSeconds ?? 1);
  });

  test('the two probes are distinct for tools that compare handlers (kube-score pod-probes-identical: the TCP port as written)', () => {
    expect(container.livenessProbe.tcpSocket.port).not.toEqual(container.readinessProbe.tcpSocket.port);
  });

  test('claims are retained on delete and scale-down, written explicitly', () => {
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('claim templates carry apiVersion and kind (no permanent OutOfSync in Argo CD)', () => {
    expect(claimTemplate.apiVersion).toBe('v1');
    expect(claimTemplate.kind).toBe('PersistentVolumeClaim');
  });

  test('OrderedReady, rolling update, and Kubernetes defaults for the rest', () => {
    expect(statefulSet.spec.podManagementPolicy).toBe('OrderedReady');
    expect(statefulSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    for (const field of ['minReadySeconds', 'revisionHistoryLimit', 'ordinals']) expect(statefulSet.spec).not.toHaveProperty(field);
    expect(podSpec).not.toHaveProperty('terminationGracePeriodSeconds');
  });

  test('one replica: no anti-affinity, no spread constraints', () => {
    expect(podSpec).not.toHaveProperty('affinity');
    expect(podSpec).not.toHaveProperty('topologySpreadConstraints');
  });

  test('recommended labels on the objects and pods, not in the selectors', () => {
    const recommended = {
      'app.kubernetes.io/name': 'nginx',
      'app.kubernetes.io/instance': 'web',
      'app.kubernetes.io/managed-by': 'cdk8s',
    };
    expect(service.metadata.labels).toEqual({ app: 'web', ...recommended });
    expect(statefulSet.metadata.labels).toEqual({ app: 'web', ...recommended });
    expect(statefulSet.spec.template.metadata.labels).toEqual({ app: 'web', ...recommended });
    expect(statefulSet.spec.selector.matchLabels).toEqual({ app: 'web' });
    expect(service.spec.selector).toEqual({ app: 'web' });
    expect(service.spec).not.toHaveProperty('publishNotReadyAddresses');
  });

  test('two or more replicas: soft anti-affinity on the node hostname', () => {
    const { podSpec: spec } = statefulWebObjects(chartWith({ image: 'nginx', replicas: 2 }).chart);
    expect(spec.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
          },
        ],
      },
    });
  });

  test('anti-affinity can be turned off', () => {
    const { podSpec: spec } = statefulWebObjects(chartWith({ image: 'nginx', replicas: 3, podAntiAffinity: PodAntiAffinity.NONE }).chart);
    expect(spec).not.toHaveProperty('affinity');
  });

  test('a read-only root filesystem gets a writable /tmp', () => {
    const { podSpec: spec, container: c } = statefulWebObjects(chartWith({ image: 'nginx', readOnlyRootFilesystem: true }).chart);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(spec.volumes).toEqual([{ name: 'tmp-0', emptyDir: {} }]);
    expect(c.volumeMounts).toContainEqual({ name: 'tmp-0', mountPath: '/tmp' });
  });

  test('a selector label in the pod labels keeps the selector value', () => {
    const { statefulSet: sts } = statefulWebObjects(chartWith({ image: 'nginx', podLabels: { app: 'web', tier: 'web' } }).chart);
    expect(sts.spec.template.metadata.labels).toMatchObject({ app: 'web', tier: 'web' });
  });
});

describe('mutators', () => {
  test('addVolumeClaimTemplate adds a claim per pod, mounted in the container', () => {
    const { chart, web } = chartWith({ image: 'nginx', volumeName: 'www' });
    web.addVolumeClaimTemplate('logs', { mountPath: '/var/log/nginx', storage: Size.mebibytes(512), storageClassName: 'standard' });
    const { statefulSet, container } = statefulWebObjects(chart);

    expect(statefulSet.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['www', 'logs']);
    expect(statefulSet.spec.volumeClaimTemplates[1]).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'logs' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '512Mi' } } },
    });
    expect(container.volumeMounts).toEqual([
      { name: 'www', mountPath: '/app' },
      { name: 'logs', mountPath: '/var/log/nginx' },
    ]);
  });

  test('a Block claim template is a volumeDevice at the mount path', () => {
    const { chart } = chartWith({ image: 'nginx', volumeMode: VolumeMode.BLOCK, mountPath: '/dev/data' });
    const { container, claimTemplate } = statefulWebObjects(chart);
    expect(claimTemplate.spec.volumeMode).toBe('Block');
    expect(container.volumeDevices).toEqual([{ name: 'data', devicePath: '/dev/data' }]);
    expect(container).not.toHaveProperty('volumeMounts');
  });

  test('addVolume mounts an emptyDir, a ConfigMap or a Secret', () => {
    const { chart, web } = chartWith({ image: 'nginx' });
    web.addVolume('cache', VolumeSource.emptyDir({ sizeLimit: Size.mebibytes(256), memory: true }), '/cache');
    web.addVolume('conf', VolumeSource.configMap('nginx-conf'), '/opt/bitnami/nginx/conf/server_blocks', { readOnly: true });
    web.addVolume('tls', VolumeSource.secret('web-tls'), '/certs/tls.crt', { readOnly: true, subPath: 'tls.crt' });
    const { podSpec, container } = statefulWebObjects(chart);

    expect(podSpec.volumes).toEqual([
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
      { name: 'conf', configMap: { name: 'nginx-conf' } },
      { name: 'tls', secret: { secretName: 'web-tls' } },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/app' },
      { name: 'cache', mountPath: '/cache' },
      { name: 'conf', mountPath: '/opt/bitnami/nginx/conf/server_blocks', readOnly: true },
      { name: 'tls', mountPath: '/certs/tls.crt', readOnly: true, subPath: 'tls.crt' },
    ]);
  });

  test('addEnv appends after the env prop', () => {
    const { chart, web } = chartWith({ image: 'nginx', env: { A: EnvValue.fromValue('1') } });
    web.addEnv('B', EnvValue.fromSecret('s', 'k'));
    expect(statefulWebObjects(chart).container.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ]);
  });
});

describe('claimRecommendedLabels', () => {
  const templatesOf = (props: Partial<StatefulWebProps>) => {
    const { chart, web } = chartWith({
      image: 'bitnami/nginx',
      name: 'web',
      metadataLabels: { 'app.kubernetes.io/version': '1.2.3' },
      ...props,
    });
    web.addVolumeClaimTemplate('logs', { mountPath: '/logs', labels: { backup: 'never' } });
    return onlyOfKind(synth(chart), 'StatefulSet').spec.volumeClaimTemplates.map((t: any) => t.metadata);
  };

  test('off by default: the claim templates carry only their own labels', () => {
    expect(templatesOf({})).toEqual([{ name: 'data' }, { name: 'logs', labels: { backup: 'never' } }]);
  });

  test('on: every claim template carries the stable recommended labels (no version), then its own', () => {
    const stable = { 'app.kubernetes.io/name': 'nginx', 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/managed-by': 'cdk8s' };
    expect(templatesOf({ claimRecommendedLabels: true })).toEqual([
      { name: 'data', labels: stable },
      { name: 'logs', labels: { ...stable, backup: 'never' } },
    ]);
  });

  test('a claimLabels value overrides a recommended label', () => {
    expect(
      templatesOf({ claimRecommendedLabels: true, claimLabels: { 'app.kubernetes.io/name': 'shop' } })[0].labels['app.kubernetes.io/name'],
    ).toBe('shop');
  });
});
