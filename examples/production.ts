import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AllowFrom,
  DisruptionBudget,
  ImagePullPolicy,
  LifecycleHandler,
  PodUser,
  StatefulWeb,
  TaintEffect,
  UpdateStrategy,
  VolumeSource,
  WebProbe,
} from '../lib';

/** Options of the production example. */
export interface ProductionExampleProps extends ChartProps {
  /**
   * Fixed user and group ids for plain Kubernetes, so that the volume is writable by the
   * image's user; leave unset on OpenShift, which assigns them.
   *
   * @default PodUser.assignedByPlatform()
   */
  readonly podUser?: PodUser;
}

/**
 * A production setup of the same web server: three pods spread over nodes and zones of a
 * dedicated node pool, with a priority, a disruption budget, a client Service, a NetworkPolicy
 * that admits only the ingress controller's and the monitoring namespaces, a read-only root
 * filesystem with the paths bitnami/nginx writes on emptyDirs, a pinned image, probes, a staged
 * roll-out, a preStop pause for graceful shutdown, an init container that seeds an empty volume
 * and a Prometheus exporter beside the server.
 *
 * It expects a few objects that a platform team manages: the PriorityClass `web-critical`, nodes
 * labelled `node-pool: web` and tainted `dedicated=web:NoSchedule`, and the ConfigMaps
 * `web-seed` (optional: the first page) and `web-nginx-status` (the server block that enables
 * nginx's stub_status at /status on port 8080, which the exporter reads).
 */
// Since 2025-08-28 docker.io/bitnami keeps no versioned tags; bitnamilegacy keeps the old ones,
// frozen (README, Images). The init container uses the same image: it has sh and cp, and runs as
// a numeric non-root user, as runAsNonRoot requires.
const NGINX_IMAGE = 'bitnamilegacy/nginx:1.29.1-debian-12-r0';

export class ProductionExampleChart extends Chart {
  public readonly web: StatefulWeb;

  constructor(scope: Construct, id: string, props: ProductionExampleProps = {}) {
    super(scope, id, { namespace: 'web', ...props });
    this.web = new StatefulWeb(this, 'web', {
      image: NGINX_IMAGE,
      replicas: 3,
      storage: Size.gibibytes(10),
      storageClassName: 'fast-ssd',
      podUser: props.podUser,
      readOnlyRootFilesystem: true,
      // Pull on every start: the registry checks the pull credentials each time, and a re-pushed tag
      // cannot go unnoticed. The init container and the sidecar take the same policy.
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      // What bitnami/nginx writes when it starts: temp files, logs, its pid and generated server blocks.
      writablePaths: ['/tmp', '/opt/bitnami/nginx/tmp', '/opt/bitnami/nginx/logs', '/opt/bitnami/nginx/conf/server_blocks'],
      cpuRequest: Cpu.millis(250),
      memoryRequest: Size.mebibytes(256),
      memoryLimit: Size.mebibytes(512),
      readinessProbe: WebProbe.tcpSocket({ period: Duration.seconds(5) }),
      livenessProbe: WebProbe.tcpSocket({ initialDelay: Duration.seconds(30), period: Duration.seconds(20) }),
      updateStrategy: UpdateStrategy.rollingUpdate({ partition: 0 }),
      minReady: Duration.seconds(10),
      terminationGracePeriod: Duration.seconds(30),
      disruptionBudget: DisruptionBudget.maxUnavailable(1),
      topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone' }],
      // A dedicated node pool, and a priority above batch work.
      nodeSelector: { 'node-pool': 'web' },
      tolerations: [{ key: 'dedicated', value: 'web', effect: TaintEffect.NO_SCHEDULE }],
      priorityClassName: 'web-critical',
      // Endpoints, kube-proxy and the ingress controller stop sending requests before nginx gets
      // SIGTERM; the 25 seconds left of the grace period are for the requests in flight.
      preStop: LifecycleHandler.sleep(Duration.seconds(5)),
      clientService: true,
      networkPolicyAllowFrom: [
        AllowFrom.namespaces({ 'kubernetes.io/metadata.name': 'ingress-nginx' }),
        AllowFrom.namespaces({ 'kubernetes.io/metadata.name': 'monitoring' }),
      ],
      metadataLabels: { team: 'web-platform', 'app.kubernetes.io/part-of': 'shop' },
      podAnnotations: { 'prometheus.io/scrape': 'false' },
    });
    this.web.addVolume('nginx-cache', VolumeSource.emptyDir({ sizeLimit: Size.mebibytes(256) }), '/opt/bitnami/nginx/cache');

    // nginx's stub_status for the exporter: one file of a ConfigMap, among the generated server blocks.
    this.web.addVolume(
      'nginx-status',
      VolumeSource.configMap('web-nginx-status', {
        items: [{ key: 'status.conf', path: 'status.conf' }],
        defaultMode: 0o444,
      }),
      '/opt/bitnami/nginx/conf/server_blocks/status.conf',
      { readOnly: true, subPath: 'status.conf' },
    );

    // A first page for a new pod's volume, from an optional ConfigMap; a page already there is kept.
    this.web.addVolume('seed', VolumeSource.configMap('web-seed', { optional: true, defaultMode: 0o444 }), '/seed', { readOnly: true });
    this.web.addInitContainer('seed', {
      image: NGINX_IMAGE,
      command: ['sh', '-c', 'if [ -e /seed/index.html ] && [ ! -e /app/index.html ]; then cp /seed/index.html /app/; fi'],
      cpuRequest: Cpu.millis(50),
      memoryRequest: Size.mebibytes(32),
      memoryLimit: Size.mebibytes(64),
      volumeMounts: [
        { name: 'data', mountPath: '/app' },
        { name: 'seed', mountPath: '/seed', readOnly: true },
      ],
    });

    // Prometheus metrics on port 9113 (on the Services, admitted by the NetworkPolicy). NGINX's own
    // image of the exporter, which runs as a numeric non-root user, as runAsNonRoot requires.
    this.web.addSidecar('metrics', {
      image: 'nginx/nginx-prometheus-exporter:1.4.2',
      args: ['--nginx.scrape-uri=http://127.0.0.1:8080/status'],
      ports: [{ name: 'metrics', containerPort: 9113 }],
      // Ready when it serves metrics; restarted only when it accepts no connection for a minute and a half.
      readinessProbe: WebProbe.httpGet('/metrics', { period: Duration.seconds(15) }),
      livenessProbe: WebProbe.tcpSocket({ period: Duration.seconds(30), timeout: Duration.seconds(5), failureThreshold: 3 }),
      cpuRequest: Cpu.millis(10),
      memoryRequest: Size.mebibytes(32),
      memoryLimit: Size.mebibytes(64),
    });
  }
}
