import { ApiObject, Chart } from 'cdk8s';
import type { IngressBackend, NetworkPolicyPort, Pods } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ingressBackend, networkPolicyPort, selectPods } from './interop/cdk8s-plus';
import { checkPortName, checkPortNumber, ContainerOptions, PodContext, SidecarOptions } from './pod/containers';
import { EnvValue, resolveEnvVar } from './pod/env';
import { renderContainerSecurityContext } from './pod/security';
import { VolumeMountOptions, VolumeSource } from './pod/volumes';
import { StatefulWebProps } from './props';
import { addPodPort, addPodVolume, renderStatefulWeb, StatefulWebParts } from './render';
import {
  checkClaimMount,
  checkNewMountPath,
  resolveAddedContainer,
  resolveClaimOptions,
  ResolvedClaimOptions,
  resolveStatefulWeb,
  withClaimTemplateLabels,
} from './resolve';
import { renderClaimTemplate, VolumeClaimTemplateOptions, VolumeMode } from './storage';
import { oncePerSynthesis } from './validation/once-per-synthesis';
import { DNS1123_LABEL_RULE, SUB_PATH_RULE } from './validation/names';
import { UniqueObjects } from './validation/identities';
import { isPlainObject } from './validation/kinds';
import { PropChecker } from './validation/prop-checker';
import { checkArgs } from './validation/prop-kinds';
import { checkRenderedStatefulWeb, duplicates } from './validation/rules';

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
  // Built in two stages: the props resolve to a spec, every check run and every default applied
  // (lib/resolve.ts); the objects are written from the spec (lib/render.ts). The objects are plain
  // cdk8s ApiObjects whose props are the manifest's fields: escape hatches (addJsonPatch) take the
  // manifest's paths and values, as with any ApiObject.

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
  /** The objects and the lists of their props that the add* methods append to. */
  private readonly parts: StatefulWebParts;
  /** What the added containers' securityContext is made from: the web server container's props. */
  private readonly readOnlyRootFilesystem: boolean;
  private readonly capabilityNetBindService: boolean;
  /** The labels every claim template gets before its own (`claimRecommendedLabels`). */
  private readonly claimTemplateLabels?: { readonly [key: string]: string };

  constructor(scope: Construct, id: string, props: StatefulWebProps) {
    // The scope and the id first, by their kinds: the Construct constructor fails on others with
    // a TypeError of its own.
    checkArgs(new PropChecker(`StatefulWeb ${JSON.stringify(String(id))}`), 'StatefulWeb.constructor', [scope, id]);
    super(scope, id);
    this.check = checkArgs(new PropChecker(`StatefulWeb "${this.node.path}"`), 'StatefulWeb.constructor', [scope, id, props]);
    const spec = resolveStatefulWeb(this.check, id, props);
    const parts = (this.parts = renderStatefulWeb(this, spec));
    ({
      name: this.name,
      serviceName: this.serviceName,
      labels: this.selectorLabels,
      port: this.port,
      portName: this.portName,
    } = spec.props);
    ({ volumeName: this.volumeName, readOnlyRootFilesystem: this.readOnlyRootFilesystem } = spec.props);
    ({ capabilityNetBindService: this.capabilityNetBindService } = spec.props);
    this.claimTemplateLabels = spec.claimTemplateLabels;
    ({ statefulSet: this.statefulSet, service: this.service, clientService: this.clientService } = parts);
    ({ podDisruptionBudget: this.podDisruptionBudget, networkPolicy: this.networkPolicy } = parts);

    // At synth time, the rules of the API server and of Pod Security admission on the rendered
    // objects, escape-hatch edits included (lib/validation/rules.ts), once per synthesis however
    // many charts the app has (lib/validation/once-per-synthesis.ts).
    this.node.addValidation({ validate: () => oncePerSynthesis(this, this, () => checkRenderedStatefulWeb(this)) });
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
    const claim = renderClaimTemplate(name, withClaimTemplateLabels(this.claimTemplateLabels, options));
    checkClaimMount(this.check, claim, mountPathProp);
    this.checkNewMountPath(claim.mountPath, mountPathProp);
    this.parts.claimTemplates.push(claim.template);
    if (claim.block) {
      (this.parts.container.volumeDevices ??= []).push({ name, devicePath: claim.mountPath });
    } else {
      (this.parts.container.volumeMounts ??= []).push({ name, mountPath: claim.mountPath });
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
    addPodVolume(this.parts, name, source, mountPath, options);
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
    checkPortName(this.check, 'addPort name', name, this.parts.podPorts);
    checkPortNumber(this.check, `addPort("${name}") port`, port, this.parts.podPorts);
    (this.parts.container.ports ??= []).push({ containerPort: port, name });
    addPodPort(this.parts, name, port);
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
    this.check.that(
      `${method}("${name}") ports`,
      ports,
      ports === undefined,
      'left out: an init container runs to completion before the server starts, so it serves nothing (a sidecar can: addSidecar)',
    );
    checkArgs(this.check, 'StatefulWeb.addInitContainer', [name, options], `${method}("${name}") `);
    const container = resolveAddedContainer(this.check, method, name, options, this.podContext(), this.addedSecurityContext());
    (this.parts.podSpec.initContainers ??= []).push(container);
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
    const container = resolveAddedContainer(this.check, 'addSidecar', name, options, this.podContext(), this.addedSecurityContext());
    this.parts.podSpec.containers.push(container);
    for (const port of container.ports ?? []) addPodPort(this.parts, port.name!, port.containerPort);
  }

  /** Adds an environment variable to the container. */
  public addEnv(name: string, value: EnvValue): void {
    checkArgs(this.check, 'StatefulWeb.addEnv', [name, value], 'addEnv ');
    this.check.that('env name', name, !this.parts.container.env?.some((e) => e.name === name), 'unique: it is defined already');
    (this.parts.container.env ??= []).push(resolveEnvVar(this.check, name, value));
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

  /** The pod as an added container may refer to it: its containers, volumes and ports so far. */
  private podContext(): PodContext {
    const blockVolumes = this.parts.claimTemplates.filter((t) => t.spec?.volumeMode === VolumeMode.BLOCK).map((t) => t.metadata!.name!);
    return {
      containerNames: [...this.parts.podSpec.containers, ...(this.parts.podSpec.initContainers ?? [])].map((c) => c.name),
      mountableVolumes: [
        ...this.parts.claimTemplates.map((t) => t.metadata!.name!).filter((name) => !blockVolumes.includes(name)),
        ...(this.parts.podSpec.volumes ?? []).map((v) => v.name),
      ],
      blockVolumes,
      ports: [...this.parts.podPorts],
      imagePullPolicy: this.parts.container.imagePullPolicy,
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

  private checkNewVolume(name: string, prop: string): void {
    this.check.name(prop, name, DNS1123_LABEL_RULE);
    const taken = [...this.parts.claimTemplates.map((t) => t.metadata?.name), ...(this.parts.podSpec.volumes ?? []).map((v) => v.name)];
    this.check.that(prop, name, duplicates([...taken, name]).length === 0, `unique among the pod's volumes (${taken.join(', ')})`);
  }

  /** Checks that no volume is mounted at `path` yet. */
  private checkNewMountPath(path: string, prop: string): void {
    const { volumeMounts = [], volumeDevices = [] } = this.parts.container;
    checkNewMountPath(this.check, [...volumeMounts.map((m) => m.mountPath), ...volumeDevices.map((d) => d.devicePath)], path, prop);
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, above
  return require('cdk8s-plus-28') as typeof import('cdk8s-plus-28');
}
