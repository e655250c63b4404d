import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeService, KubeStatefulSet, Quantity } from '../imports/k8s';
import { resolveProps } from './resolve-props';
import { StatefulWebProps } from './stateful-web-props';

/** The cluster domain of pod DNS names; Kubernetes' default. */
const CLUSTER_DOMAIN = 'cluster.local';

/**
 * A stateful web server: a headless Service, a StatefulSet whose pods get stable names and DNS
 * names through it, and a PersistentVolumeClaim template that gives every pod its own volume.
 *
 * Every object has an explicit name (no hash suffix): for a StatefulSet, the name is the identity
 * of every pod and every volume.
 */
export class StatefulWeb extends Construct {
  /** The StatefulSet. */
  public readonly statefulSet: KubeStatefulSet;
  /** The headless Service (`clusterIP: None`) that governs the StatefulSet. */
  public readonly service: KubeService;
  /** The StatefulSet's name; pods are `<name>-<ordinal>`. */
  public readonly name: string;
  /** The headless Service's name, the StatefulSet's `serviceName`. */
  public readonly serviceName: string;
  /** The pod labels: the StatefulSet's `selector.matchLabels` and the Service's `selector`. */
  public readonly selectorLabels: { readonly [key: string]: string };

  private readonly volumeName: string;

  constructor(scope: Construct, id: string, props: StatefulWebProps) {
    super(scope, id);
    const config = resolveProps(`StatefulWeb "${this.node.path}"`, id, props);
    this.name = config.name;
    this.serviceName = config.serviceName;
    this.selectorLabels = config.labels;
    this.volumeName = config.volumeName;

    this.service = new KubeService(this, 'service', {
      metadata: { name: config.serviceName, labels: { ...config.labels } },
      spec: {
        clusterIp: 'None',
        ports: [{ port: config.port, name: config.portName }],
        selector: { ...config.labels },
      },
    });

    this.statefulSet = new KubeStatefulSet(this, 'statefulset', {
      metadata: { name: config.name, labels: { ...config.labels } },
      spec: {
        serviceName: config.serviceName,
        replicas: config.replicas,
        selector: { matchLabels: { ...config.labels } },
        template: {
          metadata: { labels: { ...config.labels } },
          spec: {
            containers: [{
              name: config.containerName,
              image: config.image,
              ports: [{ containerPort: config.port, name: config.portName }],
              volumeMounts: [{ name: config.volumeName, mountPath: config.mountPath }],
            }],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: config.volumeName },
          spec: {
            accessModes: config.accessModes,
            storageClassName: config.storageClassName,
            resources: { requests: { storage: Quantity.fromString(config.storage) } },
          },
        }],
      },
    });
    // The governing Service must exist before the StatefulSet: apply it first.
    this.statefulSet.node.addDependency(this.service);
  }

  /**
   * The stable DNS name of one pod: `<name>-<ordinal>.<serviceName>.<namespace>.svc.cluster.local`.
   *
   * @param ordinal the pod's ordinal (0 for `web-0`)
   * @param namespace the namespace the pods run in; default: the chart's namespace, else `default`
   */
  public podDnsName(ordinal: number, namespace?: string): string {
    const ns = namespace ?? Chart.of(this).namespace ?? 'default';
    return `${this.podName(ordinal)}.${this.serviceName}.${ns}.svc.${CLUSTER_DOMAIN}`;
  }

  /**
   * The name of the PersistentVolumeClaim that the StatefulSet creates for one pod:
   * `<volumeName>-<name>-<ordinal>`, e.g. `www-web-0`.
   *
   * @param ordinal the pod's ordinal (0 for `web-0`)
   */
  public claimName(ordinal: number): string {
    return `${this.volumeName}-${this.podName(ordinal)}`;
  }

  /** The name of one pod, `<name>-<ordinal>`. */
  private podName(ordinal: number): string {
    if (!Number.isInteger(ordinal) || ordinal < 0) {
      throw new Error(`StatefulWeb "${this.node.path}": invalid ordinal ${ordinal}: it must be an integer of at least 0.`);
    }
    return `${this.name}-${ordinal}`;
  }
}
