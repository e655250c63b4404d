import { ApiObject, Chart, Duration } from 'cdk8s';
import type { IngressBackend, NetworkPolicyPort, Pods } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Container, NetworkPolicyPort as K8sNetworkPolicyPort, ObjectMeta, PodSpec, ServicePort } from '../imports/k8s';
import { PodAntiAffinity, renderAntiAffinity, renderDisruptionBudget, renderTopologySpread } from './availability';
import { ingressBackend, networkPolicyPort, selectPods } from './interop/cdk8s-plus';
import { checkAnnotationSizes, renderMetadata } from './metadata';
import { renderIngressRule } from './network-policy';
import { checkPortName, checkPortNumber, ContainerOptions, PodContext, PodPort, renderAddedContainer, renderImagePullSecrets, SidecarOptions } from './pod/containers';
import { EnvValue, renderEnvVar } from './pod/env';
import { renderPreStop } from './pod/lifecycle';
import { renderProbe } from './pod/probes';
import { renderResources } from './pod/resources';
import { ImagePullPolicy, renderContainerSecurityContext, renderPodSecurityContext } from './pod/security';
import { VolumeMountOptions, VolumeSource } from './pod/volumes';
import { StatefulWebProps } from './props';
import { secondsOf } from './quantities';
import { checkMainVolume, resolveClaimOptions, ResolvedClaimOptions, resolveProps, ResolvedProps } from './resolve';
import { PodManagementPolicy, renderUpdateStrategy } from './rollout';
import { checkPriorityClassName, renderNodeSelector, renderTolerations } from './scheduling';
import { ClaimRetention, ClaimTemplate, renderClaimTemplate, VolumeClaimTemplateOptions, VolumeMode } from './storage';
import { Manifest, ManifestObject, Writable } from './synth/manifest';
import { DEVICE_PATH_RULE, DNS1035_LABEL_RULE, DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE, SUB_PATH_RULE } from './validation/names';
import { UniqueObjects } from './validation/identities';
import { renderPodSecurityExemptions } from './validation/pod-security';
import { isPlainObject } from './validation/kinds';
import { INT64_SECONDS_MAX, PropChecker } from './validation/prop-checker';
import { checkArgs } from './validation/prop-kinds';
import { checkRenderedStatefulWeb } from './validation/rules';

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
  /** The web server's container, the first of the pod's containers. */
  private readonly container: Writable<Manifest<Container>>;
  /** The pod's ports, of every container: `addPort` and `addSidecar` add to them. */
  private readonly podPorts: PodPort[] = [];
  /** The ports of the headless Service, of the client Service and of the NetworkPolicy's rule, which list every port of the pod. */
  private readonly headlessPorts: Manifest<ServicePort>[] = [];
  private readonly clientPorts: Manifest<ServicePort>[] = [];
  private readonly policyPorts: Manifest<K8sNetworkPolicyPort>[] = [];
  /** What the added containers' securityContext is made from: the web server container's props. */
  private readonly readOnlyRootFilesystem: boolean;
  private readonly capabilityNetBindService: boolean;
  /** The labels every claim template gets before its own (`claimRecommendedLabels`). */
  private readonly claimTemplateLabels?: { [key: string]: string };

  constructor(scope: Construct, id: string, props: StatefulWebProps) {
    // The scope and the id first, by their kinds: the Construct constructor fails on others with
    // a TypeError of its own.
    checkArgs(new PropChecker(`StatefulWeb ${JSON.stringify(String(id))}`), 'StatefulWeb.constructor', [scope, id]);
    super(scope, id);
    this.check = new PropChecker(`StatefulWeb "${this.node.path}"`);
    const check = checkArgs(this.check, 'StatefulWeb.constructor', [scope, id, props]);
    const p = resolveProps(check, id, props);
    check.annotations('serviceAnnotations', p.serviceAnnotations);
    this.name = p.name;
    this.serviceName = p.serviceName;
    this.selectorLabels = p.labels;
    this.port = p.port;
    this.portName = p.portName;
    this.volumeName = p.volumeName;
    this.readOnlyRootFilesystem = p.readOnlyRootFilesystem;
    this.capabilityNetBindService = p.capabilityNetBindService;
    const selector = { ...p.labels };
    const metadata = renderMetadata(check, p, selector);
    this.claimTemplateLabels = p.claimRecommendedLabels ? metadata.stableLabels : undefined;
    const exemptions = renderPodSecurityExemptions(check, p.podSecurityExemptions);
    checkAnnotationSizes(check, p, exemptions);
    // Shared by the objects: an ApiObject copies the labels it is given.
    const objectMeta = (name: string, annotations?: { [key: string]: string }): Manifest<ObjectMeta> => ({
      name,
      labels: metadata.objectLabels,
      annotations: merge(metadata.objectAnnotations, annotations),
    });

    this.service = new ManifestObject(this, 'service', 'Service', {
      metadata: objectMeta(p.serviceName, p.serviceAnnotations),
      spec: {
        clusterIP: 'None',
        ports: this.headlessPorts,
        selector,
        publishNotReadyAddresses: p.publishNotReadyAddresses,
      },
    });

    this.container = this.renderContainer(p, props);
    this.podSpec = this.renderPodSpec(p, props, selector, this.container);
    this.addPodPort(p.portName, p.port);
    this.checkNewVolume(p.volumeName, 'volumeName');
    checkMainVolume(check, p);
    // The emptyDirs of writablePaths are named tmp-0, tmp-1, ...: volumeName must be none of them.
    const writableVolume = p.writablePaths.findIndex((_, i) => p.volumeName === `tmp-${i}`);
    const writableDefault = props.writablePaths === undefined ? 'readOnlyRootFilesystem: true' : undefined;
    check.that('volumeName', p.volumeName, writableVolume < 0,
      `a name other than "tmp-${writableVolume}", the name of the emptyDir volume of writablePaths[${writableVolume}]`
      + (writableDefault ? ' (writablePaths defaults to ["/tmp"] with readOnlyRootFilesystem: true)' : ''));
    this.addRenderedClaimTemplate(p.volumeName, {
      mountPath: p.mountPath,
      storage: p.storage,
      storageClassName: p.storageClassName,
      accessModes: p.accessModes,
      volumeMode: p.volumeMode,
      labels: p.claimLabels,
      annotations: p.claimAnnotations,
    }, 'mountPath');
    p.writablePaths.forEach((path, i) => {
      const prop = `writablePaths[${i}]`;
      check.that(prop, path, path.startsWith('/'), 'an absolute path inside the container (e.g. "/app")', writableDefault);
      this.checkNewMountPath(path, prop, writableDefault);
      this.addPodVolume(`tmp-${i}`, VolumeSource.emptyDir(), path, {});
    });
    for (const [name, value] of Object.entries(p.env ?? {})) this.addEnv(name, value);

    this.statefulSet = new ManifestObject(this, 'statefulset', 'StatefulSet', {
      metadata: objectMeta(p.name, exemptions),
      spec: {
        serviceName: p.serviceName,
        replicas: p.replicas,
        selector: { matchLabels: selector },
        podManagementPolicy: check.oneOf('podManagementPolicy', p.podManagementPolicy, PodManagementPolicy),
        updateStrategy: renderUpdateStrategy(p.updateStrategy),
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: check.oneOf('claimRetentionWhenDeleted', p.claimRetentionWhenDeleted, ClaimRetention),
          whenScaled: check.oneOf('claimRetentionWhenScaled', p.claimRetentionWhenScaled, ClaimRetention),
        },
        minReadySeconds: optionalSeconds(check, 'minReady', p.minReady, 0),
        revisionHistoryLimit: p.revisionHistoryLimit === undefined ? undefined : check.integer('revisionHistoryLimit', p.revisionHistoryLimit, 0),
        ordinals: p.ordinalsStart === undefined ? undefined : { start: check.integer('ordinalsStart', p.ordinalsStart, 0) },
        template: {
          metadata: { labels: metadata.podLabels, annotations: metadata.podAnnotations },
          spec: this.podSpec,
        },
        volumeClaimTemplates: this.claimTemplates,
      },
    });
    // The governing Service must exist before the StatefulSet: apply it first.
    this.statefulSet.node.addDependency(this.service);

    if (p.clientService) {
      const clientServiceName = check.name('clientServiceName', p.clientServiceName, DNS1035_LABEL_RULE,
        props.clientServiceName === undefined ? '<name>' : undefined);
      check.that('clientServiceName', clientServiceName, clientServiceName !== p.serviceName,
        `a name other than the headless Service's ("${p.serviceName}")`, props.clientServiceName === undefined ? '<name>' : undefined);
      this.clientService = new ManifestObject(this, 'client-service', 'Service', {
        metadata: objectMeta(clientServiceName),
        spec: { type: 'ClusterIP', ports: this.clientPorts, selector },
      });
    }

    if (p.disruptionBudget) {
      this.podDisruptionBudget = new ManifestObject(this, 'pdb', 'PodDisruptionBudget', {
        metadata: objectMeta(p.name),
        spec: { selector: { matchLabels: selector }, ...renderDisruptionBudget(check, p.disruptionBudget, p.replicas) },
      });
    }

    if (p.networkPolicyAllowFrom) {
      this.networkPolicy = new ManifestObject(this, 'network-policy', 'NetworkPolicy', {
        metadata: objectMeta(p.name),
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          ingress: [renderIngressRule(check, p.networkPolicyAllowFrom, selector, this.policyPorts)],
        },
      });
    }

    // At synth time, the rules of the API server and of Pod Security admission on the rendered
    // objects, escape-hatch edits included (lib/validation/rules.ts).
    this.node.addValidation({ validate: () => checkRenderedStatefulWeb(this) });
    // And that no other object of the app is one of these (lib/validation/identities.ts).
    UniqueObjects.of(this).register(this.statefulSet, this.service, this.clientService, this.podDisruptionBudget, this.networkPolicy);
  }

  /**
   * Adds a PersistentVolumeClaim template: every pod gets its own claim
   * `<name>-<statefulset name>-<ordinal>`, mounted at `options.mountPath`. Like the main volume,
   * it cannot be changed or removed once applied without recreating the StatefulSet.
   *
   * @param name the template's name, a DNS-1123 label unique among the pod's volumes
   */
  public addVolumeClaimTemplate(name: string, options: VolumeClaimTemplateOptions): void {
    checkArgs(this.check, 'StatefulWeb.addVolumeClaimTemplate', [name, options], 'addVolumeClaimTemplate ');
    const prop = (option: keyof VolumeClaimTemplateOptions) => `addVolumeClaimTemplate("${name}") ${option}`;
    this.checkNewVolume(name, 'addVolumeClaimTemplate name');
    this.addRenderedClaimTemplate(name, resolveClaimOptions(this.check, options, prop), prop('mountPath'));
  }

  /** Adds a claim template from checked options, and its mount; `mountPathProp` names its mount path in errors. */
  private addRenderedClaimTemplate(name: string, options: ResolvedClaimOptions, mountPathProp: string): void {
    const claim = renderClaimTemplate(name, { ...options, labels: merge(this.claimTemplateLabels, options.labels) });
    // A raw block device's path: Kubernetes refuses a '..' element in it.
    if (claim.block) this.check.name(mountPathProp, claim.mountPath, DEVICE_PATH_RULE, undefined, 'with volumeMode Block, the mount path is the device path');
    this.checkNewMountPath(claim.mountPath, mountPathProp);
    this.claimTemplates.push(claim.template);
    if (claim.block) {
      (this.container.volumeDevices ??= []).push({ name, devicePath: claim.mountPath });
    } else {
      (this.container.volumeMounts ??= []).push({ name, mountPath: claim.mountPath });
    }
  }

  /**
   * Adds a pod volume (emptyDir, ConfigMap or Secret) mounted in the web server's container at
   * `mountPath`. The containers of `addInitContainer` and `addSidecar` added after it can mount it
   * too (`volumeMounts`).
   *
   * @param name the volume's name, a DNS-1123 label unique among the pod's volumes
   */
  public addVolume(name: string, source: VolumeSource, mountPath: string, options: VolumeMountOptions = {}): void {
    checkArgs(this.check, 'StatefulWeb.addVolume', [name, source, mountPath, options], 'addVolume ');
    this.checkNewVolume(name, 'addVolume name');
    this.checkNewMountPath(this.check.absolutePath(`addVolume("${name}") mountPath`, mountPath), `addVolume("${name}") mountPath`);
    if (options.subPath !== undefined) this.check.name(`addVolume("${name}") subPath`, options.subPath, SUB_PATH_RULE);
    this.addPodVolume(name, source, mountPath, options);
  }

  /** Adds a pod volume and its mount, both checked by the caller. */
  private addPodVolume(name: string, source: VolumeSource, mountPath: string, options: VolumeMountOptions): void {
    (this.podSpec.volumes ??= []).push({ name, ...source._source });
    // An empty subPath is no subPath: the API server would not store it.
    (this.container.volumeMounts ??= []).push({ name, mountPath, readOnly: options.readOnly, subPath: options.subPath || undefined });
  }

  /**
   * Adds a port to the web server's container, and to the headless Service, the client Service
   * and the NetworkPolicy (which admits it from the same sources as the web port). For example a
   * second listener, or an admin or metrics port of the server itself.
   *
   * @param name the port's name, an IANA service name unique among the pod's ports (e.g. 'metrics')
   * @param port the port number, from 1 to 65535, unique among the pod's ports
   */
  public addPort(name: string, port: number): void {
    checkArgs(this.check, 'StatefulWeb.addPort', [name, port], 'addPort ');
    checkPortName(this.check, 'addPort name', name, this.podPorts);
    checkPortNumber(this.check, `addPort("${name}") port`, port, this.podPorts);
    (this.container.ports ??= []).push({ containerPort: port, name });
    this.addPodPort(name, port);
  }

  /**
   * Adds an init container: it runs to completion before the web server's container starts,
   * after the init containers added before it. For example one that seeds a new pod's volume
   * with content, with `volumeMounts: [{ name: 'data', mountPath: '/data' }]`. It gets the web
   * server's restricted securityContext.
   *
   * @param name the container's name, a DNS-1123 label unique among the pod's containers
   */
  public addInitContainer(name: string, options: ContainerOptions): void {
    const method = 'addInitContainer';
    checkArgs(this.check, 'StatefulWeb.addInitContainer', [name], `${method} `);
    // A JavaScript caller can pass ports: an init container runs to completion before the server
    // starts, so nothing could reach them.
    const ports = isPlainObject(options) ? (options as SidecarOptions).ports : undefined;
    this.check.that(`${method}("${name}") ports`, ports, ports === undefined,
      'left out: an init container runs to completion before the server starts, so it serves nothing (a sidecar can: addSidecar)');
    checkArgs(this.check, 'StatefulWeb.addInitContainer', [name, options], `${method}("${name}") `);
    const container = renderAddedContainer(this.check, method, name, options, this.podContext(), this.addedSecurityContext());
    (this.podSpec.initContainers ??= []).push(container);
  }

  /**
   * Adds a sidecar: a container that runs beside the web server's for the pod's whole life, for
   * example a metrics exporter. Its ports are also ports of the headless and client Services, and
   * the NetworkPolicy admits them. It gets the web server's restricted securityContext.
   *
   * It is a plain container of the pod (`containers`), not a native sidecar (an init container
   * with `restartPolicy: Always`): native sidecars are off in Kubernetes 1.28 (alpha), and a 1.28
   * API server drops their `restartPolicy`, which turns the sidecar into an init container that
   * never ends, so that the pod never starts. A plain container starts beside the server rather
   * than before it, and gets SIGTERM at the same time as the server when the pod stops.
   *
   * @param name the container's name, a DNS-1123 label unique among the pod's containers
   */
  public addSidecar(name: string, options: SidecarOptions): void {
    checkArgs(this.check, 'StatefulWeb.addSidecar', [name], 'addSidecar ');
    checkArgs(this.check, 'StatefulWeb.addSidecar', [name, options], `addSidecar("${name}") `);
    const container = renderAddedContainer(this.check, 'addSidecar', name, options, this.podContext(), this.addedSecurityContext());
    this.podSpec.containers!.push(container);
    for (const port of container.ports ?? []) this.addPodPort(port.name!, port.containerPort);
  }

  /** Adds an environment variable to the container. */
  public addEnv(name: string, value: EnvValue): void {
    checkArgs(this.check, 'StatefulWeb.addEnv', [name, value], 'addEnv ');
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
    checkArgs(this.check, 'StatefulWeb.podDnsName', [ordinal, namespace]);
    if (namespace !== undefined) this.check.name('namespace', namespace, DNS1123_LABEL_RULE, undefined, 'a namespace name');
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
    checkArgs(this.check, 'StatefulWeb.claimName', [ordinal]);
    return `${this.volumeName}-${this.podName(ordinal)}`;
  }

  /** Records a port of the pod, and adds it to the Services and the NetworkPolicy. */
  private addPodPort(name: string, port: number): void {
    this.podPorts.push({ name, port });
    this.headlessPorts.push({ port, name });
    this.clientPorts.push({ port, name });
    this.policyPorts.push({ port, protocol: 'TCP' });
  }

  /** The pod as an added container may refer to it: its containers, volumes and ports so far. */
  private podContext(): PodContext {
    const blockVolumes = this.claimTemplates.filter((t) => t.spec?.volumeMode === VolumeMode.BLOCK).map((t) => t.metadata!.name!);
    return {
      containerNames: [...this.podSpec.containers!, ...(this.podSpec.initContainers ?? [])].map((c) => c.name),
      mountableVolumes: [
        ...this.claimTemplates.map((t) => t.metadata!.name!).filter((name) => !blockVolumes.includes(name)),
        ...(this.podSpec.volumes ?? []).map((v) => v.name),
      ],
      blockVolumes,
      ports: [...this.podPorts],
      imagePullPolicy: this.container.imagePullPolicy,
    };
  }

  /** The securityContext of an added container: the same as the web server container's. */
  private addedSecurityContext() {
    return renderContainerSecurityContext(this.readOnlyRootFilesystem, this.capabilityNetBindService);
  }

  /** The name of one pod, `<name>-<ordinal>`. */
  private podName(ordinal: number): string {
    this.check.integer('ordinal', ordinal, 0);
    return `${this.name}-${ordinal}`;
  }

  /** The container, without the volume mounts and variables that the add* methods append. */
  private renderContainer(p: ResolvedProps, given: StatefulWebProps): Writable<Manifest<Container>> {
    const check = this.check;
    return {
      name: p.containerName,
      image: p.image,
      imagePullPolicy: p.imagePullPolicy === undefined ? undefined : check.oneOf('imagePullPolicy', p.imagePullPolicy, ImagePullPolicy),
      // Copies: the lists as checked, whatever happens to the caller's later.
      command: p.command && [...p.command],
      args: p.args && [...p.args],
      ports: [{ containerPort: p.port, name: p.portName }],
      resources: renderResources(check, p, given),
      lifecycle: renderPreStop(check, p.preStop, p.terminationGracePeriod),
      securityContext: renderContainerSecurityContext(p.readOnlyRootFilesystem, p.capabilityNetBindService),
      readinessProbe: renderProbe(p.readinessProbe, p.portName),
      // By number: the same port as the readiness probe's, told apart by tools that compare handlers (the livenessProbe prop).
      livenessProbe: renderProbe(p.livenessProbe, p.port),
      startupProbe: renderProbe(p.startupProbe, p.portName),
    };
  }

  /** The pod template's spec with `container`, without the volumes that the add* methods append. */
  private renderPodSpec(p: ResolvedProps, given: StatefulWebProps, selector: { [key: string]: string }, container: Manifest<Container>): Writable<Manifest<PodSpec>> {
    const check = this.check;
    return {
      serviceAccountName: p.serviceAccountName === undefined ? undefined
        : check.name('serviceAccountName', p.serviceAccountName, DNS1123_SUBDOMAIN_RULE),
      automountServiceAccountToken: p.automountServiceAccountToken,
      imagePullSecrets: renderImagePullSecrets(check, p.imagePullSecrets),
      securityContext: renderPodSecurityContext(p.podUser),
      terminationGracePeriodSeconds: optionalSeconds(check, 'terminationGracePeriod', p.terminationGracePeriod, 0, INT64_SECONDS_MAX),
      affinity: renderAntiAffinity(check.oneOf('podAntiAffinity', p.podAntiAffinity, PodAntiAffinity), selector),
      topologySpreadConstraints: p.topologySpread && renderTopologySpread(check, p.topologySpread, given.topologySpread!, selector),
      nodeSelector: renderNodeSelector(check, p.nodeSelector),
      tolerations: renderTolerations(check, p.tolerations),
      priorityClassName: checkPriorityClassName(check, p.priorityClassName),
      containers: [container],
    };
  }

  private checkNewVolume(name: string, prop: string): void {
    this.check.name(prop, name, DNS1123_LABEL_RULE);
    const taken = [...this.claimTemplates.map((t) => t.metadata?.name), ...(this.podSpec.volumes ?? []).map((v) => v.name)];
    this.check.that(prop, name, !taken.includes(name), `unique among the pod's volumes (${taken.join(', ')})`);
  }

  /** Checks that no volume is mounted at `path` yet; `derivedFrom` as in PropChecker.that. */
  private checkNewMountPath(path: string, prop: string, derivedFrom?: string): void {
    const { volumeMounts = [], volumeDevices = [] } = this.container;
    const taken = [...volumeMounts.map((m) => m.mountPath), ...volumeDevices.map((d) => d.devicePath)];
    this.check.that(prop, path, !taken.includes(path), `a path no other volume is mounted at (${taken.join(', ')})`, derivedFrom);
  }

  // ---------------------------------------------------------------- cdk8s-plus-28 interop
  // On another cdk8s-plus line, the functions of 'cdk8s-stateful-web/cdk8s-plus' do the same with
  // that line's module (lib/interop/cdk8s-plus.ts).

  /**
   * An Ingress backend (cdk8s-plus-28) for the web port: through the client Service when there is
   * one (load-balanced over the ready pods), else through the headless Service. The Ingress must
   * be in the set's namespace. For example
   * `new kplus.Ingress(chart, 'ingress', { defaultBackend: web.ingressBackend() })`. On another
   * cdk8s-plus line, `ingressBackend(kplus, web)` of `cdk8s-stateful-web/cdk8s-plus`.
   */
  public ingressBackend(): IngressBackend {
    return ingressBackend(cdk8sPlus28(), this);
  }

  /**
   * The set's pods as a cdk8s-plus-28 selection (`Pods`), by the selector labels, in the chart's
   * namespace when it has one: a NetworkPolicy's `selector`, or a peer of a rule in another
   * namespace's policy. Adds no API object; every call returns the same selection.
   */
  public selectPods(): Pods {
    return selectPods(cdk8sPlus28(), this);
  }

  /** The web port as a cdk8s-plus-28 NetworkPolicy port (TCP), for a rule that admits clients. */
  public networkPolicyPort(): NetworkPolicyPort {
    return networkPolicyPort(cdk8sPlus28(), this);
  }
}

/**
 * cdk8s-plus-28, loaded on first use rather than when the library is imported: it takes tens of
 * milliseconds to load, which a chart that never calls the interop methods would pay for nothing.
 */
function cdk8sPlus28(): typeof import('cdk8s-plus-28') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdk8s-plus-28');
}

function optionalSeconds(check: PropChecker, prop: string, duration: Duration | undefined, min: number, max?: number): number | undefined {
  if (duration === undefined) return undefined;
  check.seconds(prop, duration, min, max);
  return secondsOf(duration);
}

function merge(a?: { [key: string]: string }, b?: { [key: string]: string }) {
  return a || b ? { ...a, ...b } : undefined;
}
