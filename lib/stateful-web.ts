import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { Container, ObjectMeta, PodSpec } from '../imports/k8s';
import { PodAntiAffinity, renderAntiAffinity, renderDisruptionBudget, renderTopologySpread } from './availability';
import type { IngressBackend, NetworkPolicyPort, Pods } from 'cdk8s-plus-28';
import { ingressBackendFor, networkPolicyPortOf, selectPodsOf } from './interop/cdk8s-plus';
import { renderResources } from './pod/resources';
import { EnvValue, renderEnvVar } from './pod/env';
import { Manifest, ManifestObject, Writable } from './synth/manifest';
import { DNS1035_LABEL_RULE, DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE } from './validation/names';
import { renderMetadata } from './metadata';
import { renderIngressRule } from './network-policy';
import { renderPodSecurityExemptions } from './validation/pod-security';
import { renderProbe, WebProbe } from './pod/probes';
import { PropChecker } from './validation/prop-checker';
import { MAIN_VOLUME_PROPS, resolveProps } from './resolve';
import { PodManagementPolicy, renderUpdateStrategy, UpdateStrategy } from './rollout';
import { ImagePullPolicy, PodUser, renderContainerSecurityContext, renderPodSecurityContext } from './pod/security';
import { StatefulWebProps } from './props';
import { checkRenderedStatefulWeb } from './validation/rules';
import { ClaimRetention, ClaimTemplate, renderClaimTemplate, VolumeClaimTemplateOptions } from './storage';
import { VolumeMountOptions, VolumeSource } from './pod/volumes';

/** The cluster domain of pod DNS names; Kubernetes' default. */
const CLUSTER_DOMAIN = 'cluster.local';

/**
 * A stateful web server: a headless Service, a StatefulSet whose pods get stable names and DNS
 * names through it, and a PersistentVolumeClaim template that gives every pod its own volume; on
 * request also a PodDisruptionBudget, a client Service and a NetworkPolicy.
 *
 * Every object has an explicit name (no hash suffix): for a StatefulSet, the name is the identity
 * of every pod and every volume. Pods meet the restricted Pod Security Standard by default.
 */
export class StatefulWeb extends Construct {
  // The objects are plain cdk8s ApiObjects whose props are the manifest's fields (lib/synth/manifest.ts):
  // escape hatches (addJsonPatch) take the manifest's paths and values, as with any ApiObject.

  /** The StatefulSet (`apps/v1`). */
  public readonly statefulSet: ApiObject;
  /** The headless Service (`clusterIP: None`) that governs the StatefulSet. */
  public readonly service: ApiObject;
  /** The ClusterIP Service for clients, if `clientService` is true. */
  public readonly clientService?: ApiObject;
  /** The PodDisruptionBudget (`policy/v1`), if `disruptionBudget` is set. */
  public readonly podDisruptionBudget?: ApiObject;
  /** The NetworkPolicy (`networking.k8s.io/v1`), if `networkPolicyAllowFrom` is set. */
  public readonly networkPolicy?: ApiObject;
  /** The StatefulSet's name; pods are `<name>-<ordinal>`. */
  public readonly name: string;
  /** The headless Service's name, the StatefulSet's `serviceName`. */
  public readonly serviceName: string;
  /** The pod labels that select the pods: the StatefulSet's `selector.matchLabels` and the Services' `selector`. */
  public readonly selectorLabels: { readonly [key: string]: string };
  /** The web port's number, on the container and the Services. */
  public readonly port: number;
  /** The web port's name, on the container and the Services. */
  public readonly portName: string;

  private readonly check: PropChecker;
  private readonly volumeName: string;
  // The StatefulSet's props hold these very objects: the add* methods append to their lists, and a
  // list is written once it has an item (the props hold no `Lazy`, which cdk8s would resolve on
  // every rendering).
  /** The claim templates; the main volume's is the first. */
  private readonly claimTemplates: ClaimTemplate[] = [];
  /** The pod template's spec. */
  private readonly podSpec: Writable<Manifest<PodSpec>>;
  /** The container, the pod's only one. */
  private readonly container: Writable<Manifest<Container>>;

  constructor(scope: Construct, id: string, props: StatefulWebProps) {
    super(scope, id);
    this.check = new PropChecker(`StatefulWeb "${this.node.path}"`);
    const check = this.check;
    const config = resolveProps(check, id, props);
    check.annotations('serviceAnnotations', props.serviceAnnotations);
    this.name = config.name;
    this.serviceName = config.serviceName;
    this.selectorLabels = config.labels;
    this.port = config.port;
    this.portName = config.portName;
    this.volumeName = config.volumeName;
    const selector = { ...config.labels };
    const metadata = renderMetadata(check, props, selector, config.name, config.containerName);
    // Shared by the objects: an ApiObject copies the labels it is given.
    const objectMeta = (name: string, annotations?: { [key: string]: string }): Manifest<ObjectMeta> => ({
      name,
      labels: metadata.objectLabels,
      annotations: merge(metadata.objectAnnotations, annotations),
    });

    this.service = new ManifestObject(this, 'service', 'Service', {
      metadata: objectMeta(config.serviceName, props.serviceAnnotations),
      spec: {
        clusterIP: 'None',
        ports: [{ port: config.port, name: config.portName }],
        selector,
        publishNotReadyAddresses: props.publishNotReadyAddresses,
      },
    });

    const replicas = config.replicas;
    this.container = this.renderContainer(props, config.containerName, config.image);
    this.podSpec = this.renderPodSpec(props, selector, replicas, this.container);
    this.addClaimTemplate(config.volumeName, 'volumeName', config.volume, (option) => MAIN_VOLUME_PROPS[option]);
    for (const [path, i] of writablePathsOf(props).map((p, index) => [p, index] as const)) {
      this.addVolume(`tmp-${i}`, VolumeSource.emptyDir(), check.absolutePath(`writablePaths[${i}]`, path));
    }
    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, value);

    this.statefulSet = new ManifestObject(this, 'statefulset', 'StatefulSet', {
      metadata: objectMeta(config.name, renderPodSecurityExemptions(check, props.podSecurityExemptions)),
      spec: {
        serviceName: config.serviceName,
        replicas,
        selector: { matchLabels: selector },
        podManagementPolicy: check.oneOf('podManagementPolicy', props.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY, PodManagementPolicy),
        updateStrategy: renderUpdateStrategy(check, props.updateStrategy ?? UpdateStrategy.rollingUpdate()),
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: check.oneOf('claimRetentionWhenDeleted', props.claimRetentionWhenDeleted ?? ClaimRetention.RETAIN, ClaimRetention),
          whenScaled: check.oneOf('claimRetentionWhenScaled', props.claimRetentionWhenScaled ?? ClaimRetention.RETAIN, ClaimRetention),
        },
        minReadySeconds: optionalSeconds(check, 'minReady', props.minReady, 0),
        revisionHistoryLimit: props.revisionHistoryLimit === undefined ? undefined : check.integer('revisionHistoryLimit', props.revisionHistoryLimit, 0),
        ordinals: props.ordinalsStart === undefined ? undefined : { start: check.integer('ordinalsStart', props.ordinalsStart, 0) },
        template: {
          metadata: { labels: metadata.podLabels, annotations: metadata.podAnnotations },
          spec: this.podSpec,
        },
        volumeClaimTemplates: this.claimTemplates,
      },
    });
    // The governing Service must exist before the StatefulSet: apply it first.
    this.statefulSet.node.addDependency(this.service);

    if (props.clientService) {
      const clientServiceName = check.name('clientServiceName', props.clientServiceName ?? config.name, DNS1035_LABEL_RULE,
        props.clientServiceName === undefined ? '<name>' : undefined);
      check.that('clientServiceName', clientServiceName, clientServiceName !== config.serviceName,
        `a name other than the headless Service's ("${config.serviceName}")`);
      this.clientService = new ManifestObject(this, 'client-service', 'Service', {
        metadata: objectMeta(clientServiceName),
        spec: { type: 'ClusterIP', ports: [{ port: config.port, name: config.portName }], selector },
      });
    }

    if (props.disruptionBudget) {
      this.podDisruptionBudget = new ManifestObject(this, 'pdb', 'PodDisruptionBudget', {
        metadata: objectMeta(config.name),
        spec: { selector: { matchLabels: selector }, ...renderDisruptionBudget(check, props.disruptionBudget, replicas) },
      });
    }

    if (props.networkPolicyAllowFrom) {
      this.networkPolicy = new ManifestObject(this, 'network-policy', 'NetworkPolicy', {
        metadata: objectMeta(config.name),
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          ingress: [renderIngressRule(check, props.networkPolicyAllowFrom, selector, config.port)],
        },
      });
    }

    // At synth time, the rules of the API server and of Pod Security admission on the rendered
    // objects, escape-hatch edits included (lib/validation/rules.ts).
    this.node.addValidation({ validate: () => checkRenderedStatefulWeb(this) });
  }

  /**
   * Adds a PersistentVolumeClaim template: every pod gets its own claim
   * `<name>-<statefulset name>-<ordinal>`, mounted at `options.mountPath`. Like the main volume,
   * it cannot be changed or removed once applied without recreating the StatefulSet.
   *
   * @param name the template's name, a DNS-1123 label unique among the pod's volumes
   */
  public addVolumeClaimTemplate(name: string, options: VolumeClaimTemplateOptions): void {
    this.addClaimTemplate(name, 'addVolumeClaimTemplate name', options, (option) => `addVolumeClaimTemplate("${name}") ${option}`);
  }

  /**
   * Adds a claim template; errors name its options with `propOf` and its name with `nameProp`.
   */
  private addClaimTemplate(name: string, nameProp: string, options: VolumeClaimTemplateOptions,
    propOf: (option: keyof VolumeClaimTemplateOptions) => string): void {
    this.checkNewVolume(name, nameProp);
    const claim = renderClaimTemplate(this.check, name, options, propOf);
    this.checkNewMountPath(claim.mountPath, propOf('mountPath'));
    this.claimTemplates.push(claim.template);
    if (claim.block) {
      (this.container.volumeDevices ??= []).push({ name, devicePath: claim.mountPath });
    } else {
      (this.container.volumeMounts ??= []).push({ name, mountPath: claim.mountPath });
    }
  }

  /**
   * Adds a pod volume (emptyDir, ConfigMap or Secret) mounted in the container at `mountPath`.
   *
   * @param name the volume's name, a DNS-1123 label unique among the pod's volumes
   */
  public addVolume(name: string, source: VolumeSource, mountPath: string, options: VolumeMountOptions = {}): void {
    this.checkNewVolume(name, 'addVolume name');
    this.checkNewMountPath(this.check.absolutePath(`addVolume("${name}") mountPath`, mountPath), `addVolume("${name}") mountPath`);
    (this.podSpec.volumes ??= []).push({ name, ...source._source });
    (this.container.volumeMounts ??= []).push({ name, mountPath, readOnly: options.readOnly, subPath: options.subPath });
  }

  /** Adds an environment variable to the container. */
  public addEnv(name: string, value: EnvValue): void {
    this.check.that('env name', name, !this.container.env?.some((e) => e.name === name), 'unique: it is defined already');
    (this.container.env ??= []).push(renderEnvVar(this.check, name, value));
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
    this.check.integer('ordinal', ordinal, 0);
    return `${this.name}-${ordinal}`;
  }

  /** The container, without the volume mounts and variables that the add* methods append. */
  private renderContainer(props: StatefulWebProps, containerName: string, image: string): Writable<Manifest<Container>> {
    const check = this.check;
    const portName = this.portName;
    const readOnlyRootFilesystem = props.readOnlyRootFilesystem ?? false;
    return {
      name: containerName,
      image,
      imagePullPolicy: props.imagePullPolicy === undefined ? undefined : check.oneOf('imagePullPolicy', props.imagePullPolicy, ImagePullPolicy),
      command: props.command,
      args: props.args,
      ports: [{ containerPort: this.port, name: portName }],
      resources: renderResources(check, props),
      securityContext: renderContainerSecurityContext(readOnlyRootFilesystem, props.capabilityNetBindService ?? false),
      readinessProbe: renderProbe(check, 'readinessProbe', props.readinessProbe ?? WebProbe.tcpSocket(), portName),
      livenessProbe: renderProbe(check, 'livenessProbe',
        props.livenessProbe ?? WebProbe.tcpSocket({ initialDelay: Duration.seconds(30) }), portName),
      startupProbe: renderProbe(check, 'startupProbe', props.startupProbe ?? WebProbe.none(), portName),
    };
  }

  /** The pod template's spec with `container`, without the volumes that the add* methods append. */
  private renderPodSpec(props: StatefulWebProps, selector: { [key: string]: string }, replicas: number,
    container: Manifest<Container>): Writable<Manifest<PodSpec>> {
    const check = this.check;
    const antiAffinity = props.podAntiAffinity ?? (replicas >= 2 ? PodAntiAffinity.PREFERRED : PodAntiAffinity.NONE);
    return {
      serviceAccountName: props.serviceAccountName === undefined ? undefined
        : check.name('serviceAccountName', props.serviceAccountName, DNS1123_SUBDOMAIN_RULE),
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      imagePullSecrets: props.imagePullSecrets?.map((secret, i) => ({ name: check.name(`imagePullSecrets[${i}]`, secret, DNS1123_SUBDOMAIN_RULE) })),
      securityContext: renderPodSecurityContext(check, props.podUser ?? PodUser.assignedByPlatform()),
      terminationGracePeriodSeconds: optionalSeconds(check, 'terminationGracePeriod', props.terminationGracePeriod, 0),
      affinity: renderAntiAffinity(check.oneOf('podAntiAffinity', antiAffinity, PodAntiAffinity), selector),
      topologySpreadConstraints: props.topologySpread && renderTopologySpread(check, props.topologySpread, selector),
      containers: [container],
    };
  }

  private checkNewVolume(name: string, prop: string): void {
    this.check.name(prop, name, DNS1123_LABEL_RULE);
    const taken = [...this.claimTemplates.map((t) => t.metadata?.name), ...(this.podSpec.volumes ?? []).map((v) => v.name)];
    this.check.that(prop, name, !taken.includes(name), `unique among the pod's volumes (${taken.join(', ')})`);
  }

  private checkNewMountPath(path: string, prop: string): void {
    const { volumeMounts = [], volumeDevices = [] } = this.container;
    const taken = [...volumeMounts.map((m) => m.mountPath), ...volumeDevices.map((d) => d.devicePath)];
    this.check.that(prop, path, !taken.includes(path), `a path no other volume is mounted at (${taken.join(', ')})`);
  }

  // ---------------------------------------------------------------- cdk8s-plus-28 interop

  /**
   * An Ingress backend (cdk8s-plus-28) for the web port: through the client Service when there is
   * one (load-balanced over the ready pods), else through the headless Service. The Ingress must
   * be in the set's namespace. For example
   * `new kplus.Ingress(chart, 'ingress', { defaultBackend: web.ingressBackend() })`.
   */
  public ingressBackend(): IngressBackend {
    const service = this.clientService ?? this.service;
    return ingressBackendFor({ serviceName: service.name, port: this.port, portName: this.portName });
  }

  /**
   * The set's pods as a cdk8s-plus-28 selection (`Pods`), by the selector labels, in the chart's
   * namespace when it has one: a NetworkPolicy's `selector`, or a peer of a rule in another
   * namespace's policy. Adds no API object; every call returns the same selection.
   */
  public selectPods(): Pods {
    return selectPodsOf(this, 'pods', this.selectorLabels, Chart.of(this).namespace);
  }

  /** The web port as a cdk8s-plus-28 NetworkPolicy port (TCP), for a rule that admits clients. */
  public networkPolicyPort(): NetworkPolicyPort {
    return networkPolicyPortOf(this.port);
  }
}

function writablePathsOf(props: StatefulWebProps): string[] {
  return props.writablePaths ?? (props.readOnlyRootFilesystem ? ['/tmp'] : []);
}

function optionalSeconds(check: PropChecker, prop: string, duration: Duration | undefined, min: number): number | undefined {
  return duration === undefined ? undefined : check.seconds(prop, duration, min);
}

function merge(a?: { [key: string]: string }, b?: { [key: string]: string }) {
  return a || b ? { ...a, ...b } : undefined;
}
