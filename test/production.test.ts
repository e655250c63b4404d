import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AccessMode,
  AllowFrom,
  ClaimRetention,
  DisruptionBudget,
  EnvValue,
  ImagePullPolicy,
  PodAntiAffinity,
  LifecycleHandler,
  PodManagementPolicy,
  PodSecurityCheck,
  PodUser,
  StatefulWeb,
  StatefulWebProps,
  TaintEffect,
  UpdateStrategy,
  VolumeMode,
  WebProbe,
  WhenUnsatisfiable,
} from '../lib';
import { Manifest, onlyOfKind, synth } from './helpers';

// Every prop set. Typed as Required<> so that a new prop breaks this test until it is covered here.
const everything: Required<StatefulWebProps> = {
  image: 'bitnami/nginx:1.25',
  name: 'shop',
  serviceName: 'shop-peers',
  containerName: 'web',
  replicas: 3,
  port: 8443,
  portName: 'https',
  labels: { app: 'shop' },
  storage: Size.gibibytes(20),
  storageClassName: 'fast-ssd',
  accessModes: [AccessMode.READ_WRITE_ONCE_POD],
  volumeName: 'www',
  mountPath: '/srv/www',
  podUser: PodUser.fixed(1001),
  readOnlyRootFilesystem: true,
  writablePaths: ['/tmp', '/opt/bitnami/nginx/tmp'],
  capabilityNetBindService: true,
  imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
  imagePullSecrets: ['registry-credentials'],
  serviceAccountName: 'shop',
  automountServiceAccountToken: true,
  podSecurityExemptions: [PodSecurityCheck.SECCOMP_PROFILE_RESTRICTED],
  cpuRequest: Cpu.millis(250),
  cpuLimit: Cpu.units(1),
  memoryRequest: Size.mebibytes(256),
  memoryLimit: Size.mebibytes(512),
  ephemeralStorageRequest: Size.mebibytes(128),
  ephemeralStorageLimit: Size.gibibytes(2),
  readinessProbe: WebProbe.httpGet('/ready', { period: Duration.seconds(5), timeout: Duration.seconds(2), failureThreshold: 2 }),
  livenessProbe: WebProbe.httpGet('/healthz', { initialDelay: Duration.seconds(10) }),
  startupProbe: WebProbe.tcpSocket({ period: Duration.seconds(2), failureThreshold: 30 }),
  env: {
    LOG_LEVEL: EnvValue.fromValue('info'),
    FEATURES: EnvValue.fromConfigMap('shop-config', 'features', { optional: true }),
    API_TOKEN: EnvValue.fromSecret('shop-secrets', 'api-token'),
  },
  command: ['/opt/bitnami/scripts/nginx/run.sh'],
  args: ['--verbose'],
  preStop: LifecycleHandler.sleep(Duration.seconds(10)),
  volumeMode: VolumeMode.FILESYSTEM,
  claimLabels: { backup: 'daily' },
  claimRecommendedLabels: true,
  claimAnnotations: { 'backup.example.com/schedule': '0 3 * * *' },
  claimRetentionWhenDeleted: ClaimRetention.DELETE,
  claimRetentionWhenScaled: ClaimRetention.RETAIN,
  podManagementPolicy: PodManagementPolicy.PARALLEL,
  updateStrategy: UpdateStrategy.rollingUpdate({ partition: 1, maxUnavailable: 2 }),
  minReady: Duration.seconds(10),
  revisionHistoryLimit: 5,
  ordinalsStart: 1,
  terminationGracePeriod: Duration.seconds(60),
  disruptionBudget: DisruptionBudget.maxUnavailable(1),
  podAntiAffinity: PodAntiAffinity.REQUIRED,
  topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE }],
  nodeSelector: { 'kubernetes.io/arch': 'amd64' },
  tolerations: [{ key: 'dedicated', value: 'shop', effect: TaintEffect.NO_SCHEDULE }],
  priorityClassName: 'shop-critical',
  publishNotReadyAddresses: true,
  serviceAnnotations: { 'service.example.com/owner': 'shop-team' },
  clientService: true,
  clientServiceName: 'shop',
  networkPolicyAllowFrom: [AllowFrom.podsInNamespaces({ role: 'frontend' }, { team: 'shop' })],
  appName: 'shop-web',
  metadataLabels: { team: 'shop' },
  metadataAnnotations: { 'owner.example.com/contact': 'shop@example.com' },
  podLabels: { tier: 'web' },
  podAnnotations: { 'prometheus.io/scrape': 'true' },
};

describe('kitchen sink: every prop', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  new StatefulWeb(chart, 'web', everything);
  const manifests = synth(chart);
  const statefulSet = onlyOfKind(manifests, 'StatefulSet');
  const pod = statefulSet.spec.template;
  const container = pod.spec.containers[0];
  const byName = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name) as Manifest;
  const headless = byName('Service', 'shop-peers');
  const client = byName('Service', 'shop');

  test('objects in apply order: headless Service, StatefulSet, client Service, PodDisruptionBudget, NetworkPolicy', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/shop-peers',
      'StatefulSet/shop',
      'Service/shop',
      'PodDisruptionBudget/shop',
      'NetworkPolicy/shop',
    ]);
    expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['shop']));
  });

  test('identity: names, selector, port', () => {
    expect(statefulSet.spec.serviceName).toBe('shop-peers');
    expect(statefulSet.spec.replicas).toBe(3);
    expect(statefulSet.spec.selector).toEqual({ matchLabels: { app: 'shop' } });
    expect(container.name).toBe('web');
    expect(container.image).toBe('bitnami/nginx:1.25');
    expect(container.ports).toEqual([{ containerPort: 8443, name: 'https' }]);
    expect(headless.spec.ports).toEqual([{ port: 8443, name: 'https' }]);
  });

  test('security', () => {
    expect(pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 1001,
      fsGroup: 1001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
    });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    expect(pod.spec.serviceAccountName).toBe('shop');
    expect(pod.spec.automountServiceAccountToken).toBe(true);
    expect(statefulSet.metadata.annotations['stateful-web.cdk8s.io/pss-exempt']).toBe('seccompProfile_restricted');
    expect(pod.metadata.annotations).not.toHaveProperty('stateful-web.cdk8s.io/pss-exempt');
  });

  test('writable paths are emptyDir volumes', () => {
    expect(pod.spec.volumes).toEqual([
      { name: 'tmp-0', emptyDir: {} },
      { name: 'tmp-1', emptyDir: {} },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'www', mountPath: '/srv/www' },
      { name: 'tmp-0', mountPath: '/tmp' },
      { name: 'tmp-1', mountPath: '/opt/bitnami/nginx/tmp' },
    ]);
  });

  test('resources', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '2Gi' },
    });
  });

  test('probes on the web port (liveness by its number), timings in seconds', () => {
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 'https' },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 2,
    });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8443 }, initialDelaySeconds: 10 });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 'https' }, periodSeconds: 2, failureThreshold: 30 });
  });

  test('environment, command and args', () => {
    expect(container.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'FEATURES', valueFrom: { configMapKeyRef: { name: 'shop-config', key: 'features', optional: true } } },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'api-token' } } },
    ]);
    expect(container.command).toEqual(['/opt/bitnami/scripts/nginx/run.sh']);
    expect(container.args).toEqual(['--verbose']);
  });

  test('preStop: a sleep within the grace period', () => {
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '10'] } } });
  });

  test('scheduling', () => {
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'amd64' });
    expect(pod.spec.tolerations).toEqual([{ key: 'dedicated', value: 'shop', effect: 'NoSchedule' }]);
    expect(pod.spec.priorityClassName).toBe('shop-critical');
  });

  test('storage', () => {
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: 'www',
          // The stable recommended labels (never metadataLabels, which may carry a version), then claimLabels.
          labels: {
            'app.kubernetes.io/name': 'shop-web',
            'app.kubernetes.io/instance': 'shop',
            'app.kubernetes.io/managed-by': 'cdk8s',
            backup: 'daily',
          },
          annotations: { 'backup.example.com/schedule': '0 3 * * *' },
        },
        spec: {
          accessModes: ['ReadWriteOncePod'],
          storageClassName: 'fast-ssd',
          volumeMode: 'Filesystem',
          resources: { requests: { storage: '20Gi' } },
        },
      },
    ]);
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
  });

  test('rollout', () => {
    expect(statefulSet.spec.podManagementPolicy).toBe('Parallel');
    expect(statefulSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1, maxUnavailable: 2 } });
    expect(statefulSet.spec.minReadySeconds).toBe(10);
    expect(statefulSet.spec.revisionHistoryLimit).toBe(5);
    expect(statefulSet.spec.ordinals).toEqual({ start: 1 });
    expect(pod.spec.terminationGracePeriodSeconds).toBe(60);
  });

  test('availability', () => {
    expect(byName('PodDisruptionBudget', 'shop').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'shop' } } });
    expect(pod.spec.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'shop' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    });
    expect(pod.spec.topologySpreadConstraints).toEqual([
      {
        topologyKey: 'topology.kubernetes.io/zone',
        maxSkew: 2,
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'shop' } },
      },
    ]);
  });

  test('networking', () => {
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(headless.metadata.annotations).toEqual({
      'service.example.com/owner': 'shop-team',
      'owner.example.com/contact': 'shop@example.com',
    });
    expect(client.spec).toEqual({ type: 'ClusterIP', ports: [{ port: 8443, name: 'https' }], selector: { app: 'shop' } });
    expect(byName('NetworkPolicy', 'shop').spec).toEqual({
      podSelector: { matchLabels: { app: 'shop' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'shop' } } },
            { podSelector: { matchLabels: { role: 'frontend' } }, namespaceSelector: { matchLabels: { team: 'shop' } } },
          ],
          ports: [{ port: 8443, protocol: 'TCP' }],
        },
      ],
    });
  });

  test('metadata: recommended and extra labels on every object, never in a selector', () => {
    const objectLabels = {
      app: 'shop',
      'app.kubernetes.io/name': 'shop-web',
      'app.kubernetes.io/instance': 'shop',
      'app.kubernetes.io/managed-by': 'cdk8s',
      team: 'shop',
    };
    for (const manifest of manifests) {
      expect(manifest.metadata.labels).toEqual(objectLabels);
      expect(manifest.metadata.annotations).toMatchObject({ 'owner.example.com/contact': 'shop@example.com' });
    }
    expect(pod.metadata).toEqual({ labels: { ...objectLabels, tier: 'web' }, annotations: { 'prometheus.io/scrape': 'true' } });
    expect(headless.spec.selector).toEqual({ app: 'shop' });
    expect(client.spec.selector).toEqual({ app: 'shop' });
  });
});
