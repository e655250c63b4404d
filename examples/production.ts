import { Chart, ChartProps, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AllowFrom, DisruptionBudget, PodUser, StatefulWeb, UpdateStrategy, VolumeSource, WebProbe,
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
 * A production setup of the same web server: three pods spread over nodes and zones, a
 * disruption budget, a client Service, a NetworkPolicy that admits only the ingress controller's
 * namespace, a read-only root filesystem with the paths bitnami/nginx writes on emptyDirs, a
 * pinned image, HTTP probes and a staged roll-out.
 */
export class ProductionExampleChart extends Chart {
  public readonly web: StatefulWeb;

  constructor(scope: Construct, id: string, props: ProductionExampleProps = {}) {
    super(scope, id, { namespace: 'web', ...props });
    this.web = new StatefulWeb(this, 'web', {
      image: 'bitnamilegacy/nginx:1.29.1-debian-12-r0',
      replicas: 3,
      storage: Size.gibibytes(10),
      storageClassName: 'fast-ssd',
      podUser: props.podUser,
      readOnlyRootFilesystem: true,
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
      clientService: true,
      networkPolicyAllowFrom: [AllowFrom.namespaces({ 'kubernetes.io/metadata.name': 'ingress-nginx' })],
      metadataLabels: { 'team': 'web-platform', 'app.kubernetes.io/part-of': 'shop' },
      podAnnotations: { 'prometheus.io/scrape': 'false' },
    });
    this.web.addVolume('nginx-cache', VolumeSource.emptyDir({ sizeLimit: Size.mebibytes(256) }), '/opt/bitnami/nginx/cache');
  }
}
