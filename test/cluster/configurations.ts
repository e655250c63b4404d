// A representative set of StatefulWeb configurations for the cluster tests: every prop and method
// is set by at least one of them, with values a user would pick.
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AccessMode,
  AllowFrom,
  ClaimRetention,
  DisruptionBudget,
  EnvValue,
  ImagePullPolicy,
  LifecycleHandler,
  PodAntiAffinity,
  PodManagementPolicy,
  PodUser,
  StatefulWeb,
  StatefulWebProps,
  TaintEffect,
  TolerationOperator,
  UpdateStrategy,
  VolumeMode,
  VolumeSource,
  WebProbe,
  WhenUnsatisfiable,
} from '../../lib';

/** One configuration: props, and what else is done to the StatefulWeb after construction. */
export interface Configuration {
  readonly name: string;
  readonly props: StatefulWebProps;
  readonly extend?: (web: StatefulWeb) => void;
  /** ServiceAccounts the namespace needs (the ServiceAccount admission refuses pods without them). */
  readonly serviceAccounts?: string[];
  /** PriorityClasses the cluster needs (the Priority admission refuses pods that name one that does not exist). */
  readonly priorityClasses?: string[];
}

export const CONFIGURATIONS: readonly Configuration[] = [
  { name: 'defaults', props: { image: 'registry.example.com/web:1.0' } },
  {
    name: 'fixed user, HTTP probes, resources',
    props: {
      image: 'bitnami/nginx',
      replicas: 3,
      podUser: PodUser.fixed(1001, 1001, 1001),
      cpuRequest: Cpu.millis(250),
      cpuLimit: Cpu.units(1),
      memoryRequest: Size.mebibytes(256),
      memoryLimit: Size.gibibytes(1),
      ephemeralStorageRequest: Size.mebibytes(64),
      ephemeralStorageLimit: Size.gibibytes(2),
      readinessProbe: WebProbe.httpGet('/healthz', { period: Duration.seconds(5), timeout: Duration.seconds(2), failureThreshold: 3 }),
      livenessProbe: WebProbe.httpGet('/livez', { initialDelay: Duration.seconds(30) }),
      startupProbe: WebProbe.tcpSocket({ period: Duration.seconds(2), failureThreshold: 60 }),
    },
  },
  {
    name: 'read-only root filesystem with writable paths and extra volumes',
    props: {
      image: 'bitnami/nginx',
      readOnlyRootFilesystem: true,
      writablePaths: ['/tmp', '/opt/bitnami/nginx/tmp'],
      capabilityNetBindService: true,
      port: 80,
      portName: 'http',
    },
    extend: (web) => {
      web.addVolume('cache', VolumeSource.emptyDir({ sizeLimit: Size.mebibytes(128), memory: true }), '/var/cache/nginx');
      web.addVolume('conf', VolumeSource.configMap('web-conf'), '/etc/nginx/conf.d', { readOnly: true });
      web.addVolume('tls', VolumeSource.secret('web-tls'), '/etc/tls', { readOnly: true, subPath: 'certs' });
      web.addEnv('EXTRA', EnvValue.fromValue('1'));
    },
  },
  {
    name: 'storage options and a second claim template',
    props: {
      image: 'bitnami/nginx',
      storage: Size.gibibytes(20),
      storageClassName: 'fast-ssd',
      accessModes: [AccessMode.READ_WRITE_ONCE_POD],
      claimLabels: { tier: 'data' },
      claimAnnotations: { 'backup.example.com/schedule': 'daily' },
      claimRetentionWhenDeleted: ClaimRetention.DELETE,
      claimRetentionWhenScaled: ClaimRetention.RETAIN,
    },
    extend: (web) =>
      web.addVolumeClaimTemplate('logs', {
        mountPath: '/var/log/web',
        storage: Size.mebibytes(512),
        accessModes: [AccessMode.READ_WRITE_ONCE],
      }),
  },
  {
    name: 'a raw block device',
    props: { image: 'bitnami/nginx', volumeMode: VolumeMode.BLOCK, mountPath: '/dev/xvda' },
  },
  {
    name: 'images, service account, env and command',
    props: {
      image: 'registry.example.com/web@sha256:' + 'a'.repeat(64),
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      imagePullSecrets: ['registry-cred'],
      serviceAccountName: 'web-sa',
      automountServiceAccountToken: true,
      env: {
        MODE: EnvValue.fromValue('production'),
        DB_HOST: EnvValue.fromConfigMap('web-config', 'db.host'),
        DB_PASSWORD: EnvValue.fromSecret('web-secret', 'password', { optional: true }),
      },
      command: ['/opt/bitnami/scripts/nginx/run.sh'],
      args: ['--verbose'],
    },
    serviceAccounts: ['web-sa'],
  },
  {
    name: 'roll-out and ordinals',
    props: {
      image: 'bitnami/nginx',
      replicas: 4,
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      updateStrategy: UpdateStrategy.rollingUpdate({ partition: 2, maxUnavailable: 2 }),
      minReady: Duration.seconds(10),
      revisionHistoryLimit: 5,
      ordinalsStart: 1,
      terminationGracePeriod: Duration.minutes(2),
    },
  },
  { name: 'OnDelete updates', props: { image: 'bitnami/nginx', updateStrategy: UpdateStrategy.onDelete() } },
  {
    name: 'availability: budget, required anti-affinity, topology spread',
    props: {
      image: 'bitnami/nginx',
      replicas: 3,
      disruptionBudget: DisruptionBudget.minAvailable(2),
      podAntiAffinity: PodAntiAffinity.REQUIRED,
      topologySpread: [
        { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE },
        { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: WhenUnsatisfiable.SCHEDULE_ANYWAY },
      ],
    },
  },
  {
    name: 'networking: client Service, NetworkPolicy, Service annotations',
    props: {
      image: 'bitnami/nginx',
      clientService: true,
      clientServiceName: 'web-client',
      publishNotReadyAddresses: true,
      serviceAnnotations: { 'service.example.com/owner': 'web' },
      networkPolicyAllowFrom: [
        AllowFrom.pods({ role: 'frontend' }),
        AllowFrom.namespaces({ 'kubernetes.io/metadata.name': 'ingress-nginx' }),
        AllowFrom.podsInNamespaces({ app: 'prometheus' }, { team: 'monitoring' }),
      ],
    },
  },
  {
    name: 'NetworkPolicy from anywhere, budget by maxUnavailable',
    props: { image: 'bitnami/nginx', networkPolicyAllowFrom: [AllowFrom.anywhere()], disruptionBudget: DisruptionBudget.maxUnavailable(1) },
  },
  {
    name: 'names and metadata',
    props: {
      image: 'bitnami/nginx',
      name: 'shop-web',
      serviceName: 'shop-web-headless',
      containerName: 'nginx',
      volumeName: 'content',
      mountPath: '/srv/www',
      appName: 'shop',
      labels: { app: 'shop', tier: 'web' },
      metadataLabels: { team: 'web-platform', 'app.kubernetes.io/part-of': 'shop' },
      metadataAnnotations: { 'owner.example.com/contact': 'web@example.com' },
      podLabels: { 'sidecar.istio.io/inject': 'false' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    },
  },
  {
    name: 'no probes, no anti-affinity, one replica',
    props: { image: 'bitnami/nginx', replicas: 1, readinessProbe: WebProbe.none(), podAntiAffinity: PodAntiAffinity.NONE },
  },
  { name: 'zero replicas', props: { image: 'bitnami/nginx', replicas: 0 } },
  {
    name: 'scheduling: nodeSelector, tolerations, priorityClassName',
    props: {
      image: 'bitnami/nginx',
      nodeSelector: { 'node-pool': 'web', 'kubernetes.io/os': 'linux' },
      tolerations: [
        { key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'web', effect: TaintEffect.NO_SCHEDULE },
        { key: 'spot', operator: TolerationOperator.EXISTS, effect: TaintEffect.PREFER_NO_SCHEDULE },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: TolerationOperator.EXISTS,
          effect: TaintEffect.NO_EXECUTE,
          tolerationSeconds: Duration.seconds(60),
        },
        { operator: TolerationOperator.EXISTS },
      ],
      priorityClassName: 'web-critical',
    },
    priorityClasses: ['web-critical'],
  },
  {
    name: 'preStop: a sleep within a longer grace period',
    props: { image: 'bitnami/nginx', preStop: LifecycleHandler.sleep(Duration.seconds(15)), terminationGracePeriod: Duration.seconds(45) },
  },
  { name: 'preStop: an exec', props: { image: 'bitnami/nginx', preStop: LifecycleHandler.exec(['/opt/bitnami/scripts/nginx/stop.sh']) } },
  {
    name: 'more ports, init containers and sidecars, on every Service and the NetworkPolicy',
    props: {
      image: 'bitnami/nginx',
      readOnlyRootFilesystem: true,
      clientService: true,
      networkPolicyAllowFrom: [AllowFrom.namespaces({ 'kubernetes.io/metadata.name': 'monitoring' })],
    },
    extend: (web) => {
      web.addPort('https', 8443);
      web.addVolumeClaimTemplate('logs', { mountPath: '/logs' });
      web.addInitContainer('seed', {
        image: 'busybox:1.37.0',
        command: ['sh', '-c', 'true'],
        cpuRequest: Cpu.millis(50),
        cpuLimit: Cpu.millis(500),
        memoryRequest: Size.mebibytes(32),
        memoryLimit: Size.mebibytes(64),
        ephemeralStorageRequest: Size.mebibytes(16),
        ephemeralStorageLimit: Size.mebibytes(64),
        env: { SEED: EnvValue.fromValue('1'), TOKEN: EnvValue.fromSecret('seed', 'token', { optional: true }) },
        volumeMounts: [
          { name: 'data', mountPath: '/app' },
          { name: 'logs', mountPath: '/logs', subPath: 'seed' },
          { name: 'tmp-0', mountPath: '/tmp', readOnly: false },
        ],
      });
      web.addInitContainer('migrate', { image: 'registry.example.com/migrate:2', args: ['--once'] });
      web.addSidecar('metrics', {
        image: 'nginx/nginx-prometheus-exporter:1.4.2',
        args: ['--nginx.scrape-uri=http://127.0.0.1:8080/status'],
        ports: [{ name: 'metrics', containerPort: 9113 }],
      });
      web.addSidecar('logs', {
        image: 'registry.example.com/log-shipper:1',
        volumeMounts: [{ name: 'logs', mountPath: '/logs', readOnly: true }],
      });
    },
  },
  {
    name: 'ConfigMap and Secret volumes: items, defaultMode, optional',
    props: { image: 'bitnami/nginx' },
    extend: (web) => {
      web.addVolume(
        'conf',
        VolumeSource.configMap('web-conf', {
          items: [
            { key: 'site.conf', path: 'conf.d/site.conf' },
            { key: 'run.sh', path: 'bin/run.sh', mode: 0o555 },
          ],
          defaultMode: 0o444,
          optional: true,
        }),
        '/etc/web',
        { readOnly: true },
      );
      web.addVolume(
        'tls',
        VolumeSource.secret('web-tls', { items: [{ key: 'tls.key', path: 'tls.key', mode: 0o400 }], defaultMode: 0o440, optional: false }),
        '/etc/tls',
        { readOnly: true },
      );
      web.addVolume(
        'status',
        VolumeSource.configMap('web-status', { items: [{ key: 'status.conf', path: 'status.conf' }] }),
        '/opt/bitnami/nginx/conf/server_blocks/status.conf',
        { readOnly: true, subPath: 'status.conf' },
      );
    },
  },
];

/** A chart holding `configuration`'s StatefulWeb, in a fresh app. */
export function chartOf(configuration: Configuration): Chart {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'test');
  const web = new StatefulWeb(chart, 'web', configuration.props);
  configuration.extend?.(web);
  return chart;
}
