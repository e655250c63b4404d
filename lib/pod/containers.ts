// The containers added beside the web server's: init containers, which run to completion one
// after the other before it starts, and sidecars, which run beside it. Each gets the same
// restricted securityContext as the web server's container and the same checks, with messages
// that name the method call (`addSidecar("metrics") memoryLimit`).
import type { Container, SecurityContext } from '../../imports/k8s';
import { Manifest, Writable } from '../manifest';
import { DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE, IANA_SVC_NAME_RULE, IMAGE_RULE, SUB_PATH_RULE } from '../validation/names';
import { PrefixedPropChecker, PropChecker } from '../validation/prop-checker';
import { duplicates } from '../validation/rules';
import { EnvValue, resolveEnvVar } from './env';
import { renderProbe, WebProbe, WebProbeKind } from './probes';
import { ImagePullPolicy } from './security';
import { ContainerResources, ResolvedResources, resolveResources } from './resources';
import { VolumeMountOptions } from './volumes';

/** "VolumeMount describes a mounting of a Volume within a container." */
export interface VolumeMount extends VolumeMountOptions {
  /**
   * "This must match the Name of a Volume": a volume of the pod (`volumeName`, a claim template
   * of `addVolumeClaimTemplate`, a volume of `addVolume` or of `writablePaths`), added before.
   */
  readonly name: string;
  /** "Path within the container at which the volume should be mounted." An absolute path. */
  readonly mountPath: string;
}

/** A container added to the pod: an init container or a sidecar. */
export interface ContainerOptions extends ContainerResources {
  /** "Container image name." For example `busybox:1.36` or `nginx/nginx-prometheus-exporter:1.3`. */
  readonly image: string;

  /**
   * "Image pull policy. One of Always, Never, IfNotPresent." Given for the web server's container
   * (`imagePullPolicy`), it is every added container's too unless set here: one policy for the
   * pod, so that `Always` (which checks the pull secrets on every start) covers every image.
   *
   * @default - the web server container's `imagePullPolicy`; when that is left out too, the field
   * is omitted and Kubernetes defaults it (Always for a `:latest` or untagged image, else IfNotPresent)
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * "Entrypoint array. Not executed within a shell."
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * "Arguments to the entrypoint."
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * "List of environment variables to set in the container": name to value.
   *
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };

  /**
   * "Pod volumes to mount into the container's filesystem": volumes the pod has already, by
   * name, each at its own path. A raw block volume (`VolumeMode.BLOCK`) cannot be mounted.
   *
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];
}

/** A port a sidecar listens on. */
export interface SidecarPort {
  /**
   * "If specified, this must be an IANA_SVC_NAME and unique within the pod." The name of the
   * port on the container and on the Services.
   */
  readonly name: string;
  /** "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536." */
  readonly containerPort: number;
}

/** A sidecar: a container that runs beside the web server's for the pod's whole life. */
export interface SidecarOptions extends ContainerOptions {
  /**
   * The ports the sidecar listens on. Like the web server's ports, each is also a port of the
   * headless and the client Service, and the NetworkPolicy admits it.
   *
   * @default - none
   */
  readonly ports?: SidecarPort[];

  /**
   * "Periodic probe of container service readiness. Container will be removed from service
   * endpoints if the probe fails." The same kinds and checks as the web server's `readinessProbe`,
   * on the sidecar's port `probePort`. A sidecar that is not ready takes the pod out of service.
   *
   * @default - none
   */
  readonly readinessProbe?: WebProbe;

  /**
   * "Periodic probe of container liveness. Container will be restarted if the probe fails." On
   * the sidecar's port `probePort`; make it less sensitive than the readiness probe (see the web
   * server's `livenessProbe`).
   *
   * @default - none
   */
  readonly livenessProbe?: WebProbe;

  /**
   * "StartupProbe indicates that the Pod has successfully initialized. If specified, no other
   * probes are executed until this completes successfully." On the sidecar's port `probePort`.
   *
   * @default - none
   */
  readonly startupProbe?: WebProbe;

  /**
   * The name of the sidecar's port (one of `ports`) that its probes check.
   *
   * @default - the first of `ports`
   */
  readonly probePort?: string;
}

/** A port of the pod: its name and its number. */
export interface PodPort {
  readonly name: string;
  readonly port: number;
}

/** What an added container may refer to: the pod as it is when the container is added. */
export interface PodContext {
  /** The names of the pod's containers and init containers. */
  readonly containerNames: readonly string[];
  /** The names of the volumes a container can mount (claim templates with a filesystem, and pod volumes). */
  readonly mountableVolumes: readonly string[];
  /** The names of the raw block claim templates, which cannot be mounted. */
  readonly blockVolumes: readonly string[];
  /** The ports of the pod. */
  readonly ports: readonly PodPort[];
  /** The web server container's imagePullPolicy, which added containers take by default. */
  readonly imagePullPolicy?: string;
}

/**
 * A container added to the pod, checked as `check` names it (`addSidecar("metrics") ...`): its
 * name unique in the pod, its image, command, args, env, resources, volume mounts and ports.
 * `options` have the defaults of a container's resources applied (resolveAddedContainer in
 * lib/resolve.ts); `given` are the options as the caller gave them, for the messages that say
 * when a default is involved.
 */
export function resolveContainer(
  check: PropChecker,
  method: string,
  name: string,
  options: SidecarOptions & ResolvedResources,
  given: SidecarOptions,
  pod: PodContext,
  securityContext: Manifest<SecurityContext>,
): Writable<Manifest<Container>> {
  check.name(`${method} name`, name, DNS1123_LABEL_RULE);
  check.that(
    `${method} name`,
    name,
    duplicates([...pod.containerNames, name]).length === 0,
    `unique among the pod's containers (${pod.containerNames.join(', ')})`,
  );
  const prop = (option: string) => `${method}("${name}") ${option}`;
  check.name(prop('image'), options.image, IMAGE_RULE);
  const ports = resolveSidecarPorts(check, prop('ports'), options.ports, pod.ports);
  const container: Writable<Manifest<Container>> = {
    name,
    image: options.image,
    imagePullPolicy:
      options.imagePullPolicy === undefined
        ? pod.imagePullPolicy
        : check.oneOf(prop('imagePullPolicy'), options.imagePullPolicy, ImagePullPolicy),
    command: options.command && [...options.command],
    args: options.args && [...options.args],
    ports,
    ...resolveSidecarProbes(check, prop, options, ports),
    // The same checks as the web server's resources, under this container's prop names.
    resources: resolveResources(new PrefixedPropChecker(check, prop('')), options, given),
    securityContext,
    volumeMounts: resolveVolumeMounts(check, prop('volumeMounts'), options.volumeMounts, pod),
  };
  if (options.env !== undefined) {
    const envCheck = new PrefixedPropChecker(check, prop(''));
    container.env = Object.entries(options.env).map(([envName, value]) => resolveEnvVar(envCheck, envName, value));
    if (container.env.length === 0) container.env = undefined;
  }
  return container;
}

/** The probes of a sidecar, on its port `probePort` (default: its first port). */
function resolveSidecarProbes(
  check: PropChecker,
  prop: (option: string) => string,
  o: SidecarOptions,
  ports: Array<{ name: string }> | undefined,
): Pick<Manifest<Container>, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
  const probes = (['readinessProbe', 'livenessProbe', 'startupProbe'] as const).filter((p) => o[p] !== undefined);
  if (o.probePort !== undefined) {
    check.that(
      prop('probePort'),
      o.probePort,
      (ports ?? []).some((p) => p.name === o.probePort),
      `the name of one of the sidecar's ports (${(ports ?? []).map((p) => p.name).join(', ') || 'it has none'})`,
    );
  }
  if (probes.length === 0) return {};
  const port = o.probePort ?? ports?.[0]?.name;
  for (const probe of probes) {
    check.that(
      prop(probe),
      `WebProbe.${o[probe]!.kind}`,
      port !== undefined || o[probe]!.kind === WebProbeKind.NONE,
      "left out for a sidecar without ports: a probe checks one of the sidecar's ports (give it ports)",
    );
  }
  return {
    readinessProbe: o.readinessProbe && renderProbe(o.readinessProbe, port!),
    livenessProbe: o.livenessProbe && renderProbe(o.livenessProbe, port!),
    startupProbe: o.startupProbe && renderProbe(o.startupProbe, port!),
  };
}

/** The container ports of a sidecar, checked: IANA names and port numbers, unique in the pod. */
function resolveSidecarPorts(
  check: PropChecker,
  prop: string,
  ports: SidecarPort[] | undefined,
  podPorts: readonly PodPort[],
): Array<{ containerPort: number; name: string }> | undefined {
  if (ports === undefined) return undefined;
  const taken = [...podPorts];
  const rendered = ports.map((port, i) => {
    const name = checkPortName(check, `${prop}[${i}].name`, port.name, taken);
    const number = checkPortNumber(check, `${prop}[${i}].containerPort`, port.containerPort, taken);
    taken.push({ name, port: number });
    return { containerPort: number, name };
  });
  return rendered.length > 0 ? rendered : undefined;
}

/** Checks a port name: an IANA service name, unique among the pod's ports. */
export function checkPortName(check: PropChecker, prop: string, name: string, ports: readonly PodPort[]): string {
  check.name(prop, name, IANA_SVC_NAME_RULE);
  check.that(prop, name, !ports.some((p) => p.name === name), `a name unique among the pod's ports (${showPorts(ports)})`);
  return name;
}

/** Checks a port number: from 1 to 65535, unique among the pod's ports. */
export function checkPortNumber(check: PropChecker, prop: string, port: number, ports: readonly PodPort[]): number {
  check.integer(prop, port, 1, 65535);
  check.that(
    prop,
    port,
    !ports.some((p) => p.port === port),
    `a port number no other container of the pod listens on: the containers share the pod's network (${showPorts(ports)})`,
  );
  return port;
}

function showPorts(ports: readonly PodPort[]): string {
  return ports.map((p) => `${p.name} ${p.port}`).join(', ');
}

/** The volume mounts of an added container, checked: volumes of the pod, each at its own absolute path. */
function resolveVolumeMounts(
  check: PropChecker,
  prop: string,
  mounts: VolumeMount[] | undefined,
  pod: PodContext,
): Array<Manifest<{ name: string; mountPath: string; readOnly?: boolean; subPath?: string }>> | undefined {
  if (mounts === undefined) return undefined;
  const paths: string[] = [];
  const rendered = mounts.map((mount, i) => {
    const at = `${prop}[${i}]`;
    const { name, mountPath, readOnly, subPath } = mount;
    if (pod.blockVolumes.includes(name)) {
      check.that(
        `${at}.name`,
        name,
        false,
        `the name of a volume with a filesystem: "${name}" is a raw block device (VolumeMode.BLOCK), which only the web server's container gets`,
      );
    }
    check.that(
      `${at}.name`,
      name,
      pod.mountableVolumes.includes(name),
      `the name of a volume of the pod (${pod.mountableVolumes.join(', ')}): add the volume before the container that mounts it`,
    );
    check.absolutePath(`${at}.mountPath`, mountPath);
    check.that(
      `${at}.mountPath`,
      mountPath,
      !paths.includes(mountPath),
      `a path no other volume of the container is mounted at (${paths.join(', ')})`,
    );
    paths.push(mountPath);
    if (readOnly !== undefined) check.that(`${at}.readOnly`, readOnly, typeof readOnly === 'boolean', 'true or false');
    if (subPath !== undefined) check.name(`${at}.subPath`, subPath, SUB_PATH_RULE);
    return { name, mountPath, readOnly, subPath };
  });
  return rendered.length > 0 ? rendered : undefined;
}

/**
 * The pod's imagePullSecrets, checked: Secret names, each once. The API server accepts a name
 * twice, but the list is keyed by name for server-side apply (Argo CD, Flux), which then refuses
 * the StatefulSet: "duplicate entries for key [name=...]".
 */
export function resolveImagePullSecrets(check: PropChecker, secrets: readonly string[] | undefined): Array<{ name: string }> | undefined {
  return secrets?.map((secret, i) => {
    check.name(`imagePullSecrets[${i}]`, secret, DNS1123_SUBDOMAIN_RULE);
    const first = secrets.indexOf(secret);
    check.that(`imagePullSecrets[${i}]`, secret, first === i, `a Secret name given once (it is imagePullSecrets[${first}] already)`);
    return { name: secret };
  });
}
