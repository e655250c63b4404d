// The first stage of a StatefulWeb: its props resolve to a StatefulWebSpec. Every default is
// applied here (lib/defaults.ts, and the ones derived from other props), and every check of the
// props runs here, in one pass, in the order below (the first broken check is the error). The
// spec records which props were left to a default, so that a message can say when a default is
// involved. The second stage, lib/render.ts, writes the objects from the spec and checks nothing.
import type {
  Affinity,
  Container,
  EnvVar,
  PodDisruptionBudgetSpec,
  ResourceRequirements,
  StatefulSetUpdateStrategy,
  Toleration as K8sToleration,
  TopologySpreadConstraint,
  Lifecycle,
  SecurityContext,
} from '../imports/k8s';
import { PodAntiAffinity, renderAntiAffinity, resolveDisruptionBudget, resolveTopologySpread } from './availability';
import { DEFAULTS, STATEFUL_WEB_PROPS_DEFAULTS, withDefaults } from './defaults';
import { checkAnnotationSizes, resolveMetadata, ResolvedMetadata } from './metadata';
import { AllowFrom, checkAllowFrom } from './network-policy';
import { PodContext, resolveContainer, resolveImagePullSecrets, SidecarOptions } from './pod/containers';
import { resolveEnvVar } from './pod/env';
import { resolvePreStop } from './pod/lifecycle';
import { resolveResources } from './pod/resources';
import { ImagePullPolicy } from './pod/security';
import { StatefulWebProps } from './props';
import { secondsOf } from './quantities';
import { PodManagementPolicy, renderUpdateStrategy } from './rollout';
import { checkPriorityClassName, resolveNodeSelector, resolveTolerations } from './scheduling';
import {
  checkAccessModes,
  checkStorageClassName,
  ClaimRetention,
  renderClaimTemplate,
  RenderedClaimTemplate,
  VolumeClaimTemplateOptions,
  VolumeMode,
} from './storage';
import { Manifest, Writable } from './manifest';
import {
  DEVICE_PATH_RULE,
  DNS1035_LABEL_RULE,
  DNS1123_LABEL_RULE,
  DNS1123_SUBDOMAIN_RULE,
  IANA_SVC_NAME_RULE,
  IMAGE_RULE,
  STATEFULSET_NAME_RULE,
} from './validation/names';
import { resolvePodSecurityExemptions } from './validation/pod-security';
import { INT64_SECONDS_MAX, PropChecker } from './validation/prop-checker';
import { duplicates } from './validation/rules';
import { Duration } from 'cdk8s';

/** The props whose default is derived from other props. */
type DerivedProp =
  'name' | 'serviceName' | 'containerName' | 'labels' | 'appName' | 'writablePaths' | 'podAntiAffinity' | 'clientServiceName';

/** StatefulWebProps with every default applied. */
export type ResolvedProps = StatefulWebProps & typeof STATEFUL_WEB_PROPS_DEFAULTS & Required<Pick<StatefulWebProps, DerivedProp>>;

/** A claim template's options with their defaults applied. */
export type ResolvedClaimOptions = VolumeClaimTemplateOptions & typeof DEFAULTS.VolumeClaimTemplateOptions;

/**
 * A StatefulWeb as its props resolve: every value checked, with its defaults, and in the form its
 * objects hold it. lib/render.ts writes the objects from it.
 */
export interface StatefulWebSpec {
  /** The props with every default applied. */
  readonly props: ResolvedProps;
  /** The props that were left out, their values defaults. */
  readonly defaulted: ReadonlySet<keyof StatefulWebProps>;
  /** The selector labels: the StatefulSet's `selector.matchLabels`, the Services' `selector`. */
  readonly selector: { readonly [key: string]: string };
  readonly metadata: ResolvedMetadata;
  /** The StatefulSet's annotation of `podSecurityExemptions`, if any. */
  readonly exemptions?: { [key: string]: string };
  readonly container: {
    readonly imagePullPolicy?: ImagePullPolicy;
    readonly resources: Manifest<ResourceRequirements>;
    readonly lifecycle?: Manifest<Lifecycle>;
    /** The environment variables of the `env` prop. */
    readonly env: Manifest<EnvVar>[];
  };
  readonly pod: {
    readonly serviceAccountName?: string;
    readonly imagePullSecrets?: Array<{ name: string }>;
    readonly terminationGracePeriodSeconds?: number;
    readonly affinity?: Manifest<Affinity>;
    readonly topologySpreadConstraints?: Manifest<TopologySpreadConstraint>[];
    readonly nodeSelector?: { [key: string]: string };
    readonly tolerations?: Manifest<K8sToleration>[];
    readonly priorityClassName?: string;
  };
  /** The labels every claim template gets before its own (`claimRecommendedLabels`), if any. */
  readonly claimTemplateLabels?: { readonly [key: string]: string };
  /** The main volume's claim template. */
  readonly claim: RenderedClaimTemplate;
  readonly statefulSet: {
    readonly podManagementPolicy: PodManagementPolicy;
    readonly updateStrategy: Manifest<StatefulSetUpdateStrategy>;
    readonly whenDeleted: ClaimRetention;
    readonly whenScaled: ClaimRetention;
    readonly minReadySeconds?: number;
    readonly revisionHistoryLimit?: number;
    readonly ordinalsStart?: number;
  };
  /** The client Service's name, if there is one. */
  readonly clientServiceName?: string;
  /** The PodDisruptionBudget's budget fields, if there is one. */
  readonly disruptionBudget?: Manifest<Pick<PodDisruptionBudgetSpec, 'maxUnavailable' | 'minAvailable'>>;
  /** The sources of the NetworkPolicy's rule, if there is one. */
  readonly networkPolicyAllowFrom?: AllowFrom[];
}

/**
 * Resolves the props of a StatefulWeb: applies every default and runs every check of the props,
 * throwing an Error that names the prop, shows the value and says what is allowed.
 *
 * @param id the construct id, the default name
 */
export function resolveStatefulWeb(check: PropChecker, id: string, props: StatefulWebProps): StatefulWebSpec {
  const p = resolveProps(check, id, props);
  const defaulted = new Set((Object.keys(p) as Array<keyof StatefulWebProps>).filter((prop) => props[prop] === undefined));
  check.annotations('serviceAnnotations', p.serviceAnnotations);
  const selector = { ...p.labels };
  const metadata = resolveMetadata(check, p, selector);
  const exemptions = resolvePodSecurityExemptions(check, p.podSecurityExemptions);
  checkAnnotationSizes(check, p, exemptions);

  const container = {
    imagePullPolicy: p.imagePullPolicy === undefined ? undefined : check.oneOf('imagePullPolicy', p.imagePullPolicy, ImagePullPolicy),
    resources: resolveResources(check, p, props),
    lifecycle: resolvePreStop(check, p.preStop, p.terminationGracePeriod),
  };
  const pod = {
    serviceAccountName:
      p.serviceAccountName === undefined ? undefined : check.name('serviceAccountName', p.serviceAccountName, DNS1123_SUBDOMAIN_RULE),
    imagePullSecrets: resolveImagePullSecrets(check, p.imagePullSecrets),
    terminationGracePeriodSeconds: optionalSeconds(check, 'terminationGracePeriod', p.terminationGracePeriod, 0, INT64_SECONDS_MAX),
    affinity: renderAntiAffinity(check.oneOf('podAntiAffinity', p.podAntiAffinity, PodAntiAffinity), selector),
    topologySpreadConstraints:
      props.topologySpread &&
      resolveTopologySpread(
        check,
        props.topologySpread.map((spread) => withDefaults(DEFAULTS.TopologySpread, spread)),
        props.topologySpread,
        selector,
      ),
    nodeSelector: resolveNodeSelector(check, p.nodeSelector),
    tolerations: resolveTolerations(check, p.tolerations),
    priorityClassName: checkPriorityClassName(check, p.priorityClassName),
  };

  const mainClaim: ResolvedClaimOptions = {
    mountPath: p.mountPath,
    storage: p.storage,
    storageClassName: p.storageClassName,
    accessModes: p.accessModes,
    volumeMode: p.volumeMode,
    labels: p.claimLabels,
    annotations: p.claimAnnotations,
  };
  checkClaimOptions(check, mainClaim, MAIN_VOLUME_PROPS);
  // The emptyDirs of writablePaths are named tmp-0, tmp-1, ...: volumeName must be none of them.
  const writableVolume = p.writablePaths.findIndex((_, i) => p.volumeName === `tmp-${i}`);
  const writableDefault = defaulted.has('writablePaths') ? 'readOnlyRootFilesystem: true' : undefined;
  check.that(
    'volumeName',
    p.volumeName,
    writableVolume < 0,
    `a name other than "tmp-${writableVolume}", the name of the emptyDir volume of writablePaths[${writableVolume}]` +
      (writableDefault ? ' (writablePaths defaults to ["/tmp"] with readOnlyRootFilesystem: true)' : ''),
  );
  const claimTemplateLabels = p.claimRecommendedLabels ? metadata.stableLabels : undefined;
  const claim = renderClaimTemplate(p.volumeName, withClaimTemplateLabels(claimTemplateLabels, mainClaim));
  checkClaimMount(check, claim, 'mountPath');
  // The container's volumeMounts, then its volumeDevices, as the add* methods see them.
  const mounts = claim.block ? [] : [claim.mountPath];
  const devices = claim.block ? [claim.mountPath] : [];
  p.writablePaths.forEach((path, i) => {
    const prop = `writablePaths[${i}]`;
    check.that(prop, path, path.startsWith('/'), 'an absolute path inside the container (e.g. "/app")', writableDefault);
    checkNewMountPath(check, [...mounts, ...devices], path, prop, writableDefault);
    mounts.push(path);
  });
  const env = Object.entries(p.env ?? {}).map(([name, value]) => resolveEnvVar(check, name, value));

  const statefulSet = {
    podManagementPolicy: check.oneOf('podManagementPolicy', p.podManagementPolicy, PodManagementPolicy),
    updateStrategy: renderUpdateStrategy(p.updateStrategy),
    whenDeleted: check.oneOf('claimRetentionWhenDeleted', p.claimRetentionWhenDeleted, ClaimRetention),
    whenScaled: check.oneOf('claimRetentionWhenScaled', p.claimRetentionWhenScaled, ClaimRetention),
    minReadySeconds: optionalSeconds(check, 'minReady', p.minReady, 0),
    revisionHistoryLimit:
      p.revisionHistoryLimit === undefined ? undefined : check.integer('revisionHistoryLimit', p.revisionHistoryLimit, 0),
    ordinalsStart: p.ordinalsStart === undefined ? undefined : check.integer('ordinalsStart', p.ordinalsStart, 0),
  };

  let clientServiceName: string | undefined;
  if (p.clientService) {
    const derivedFrom = defaulted.has('clientServiceName') ? '<name>' : undefined;
    clientServiceName = check.name('clientServiceName', p.clientServiceName, DNS1035_LABEL_RULE, derivedFrom);
    check.that(
      'clientServiceName',
      clientServiceName,
      clientServiceName !== p.serviceName,
      `a name other than the headless Service's ("${p.serviceName}")`,
      derivedFrom,
    );
  }
  const disruptionBudget = p.disruptionBudget && resolveDisruptionBudget(check, p.disruptionBudget, p.replicas);
  if (p.networkPolicyAllowFrom) checkAllowFrom(check, p.networkPolicyAllowFrom);

  return {
    props: p,
    defaulted,
    selector,
    metadata,
    exemptions,
    container: { ...container, env },
    pod,
    claimTemplateLabels,
    claim,
    statefulSet,
    clientServiceName,
    disruptionBudget,
    networkPolicyAllowFrom: p.networkPolicyAllowFrom,
  };
}

/** A claim template's options with the labels every claim template gets (`claimRecommendedLabels`) under its own. */
export function withClaimTemplateLabels(
  claimTemplateLabels: { readonly [key: string]: string } | undefined,
  options: ResolvedClaimOptions,
): ResolvedClaimOptions {
  return claimTemplateLabels ? { ...options, labels: { ...claimTemplateLabels, ...options.labels } } : options;
}

/**
 * Applies the defaults of StatefulWebProps and checks the core props (image, names, numbers,
 * labels).
 */
function resolveProps(check: PropChecker, id: string, props: StatefulWebProps): ResolvedProps {
  const p = withDefaults(STATEFUL_WEB_PROPS_DEFAULTS, props);
  const image = p.image;
  check.name('image', image, IMAGE_RULE);

  const name = check.name(
    'name',
    props.name ?? id,
    STATEFULSET_NAME_RULE,
    props.name === undefined ? 'the construct id' : undefined,
    'pods carry the label controller-revision-hash: <name>-<10 characters>, which must fit in 63',
  );
  const serviceName = check.name(
    'serviceName',
    props.serviceName ?? `${name}-headless`,
    DNS1035_LABEL_RULE,
    props.serviceName === undefined ? '<name>-headless' : undefined,
  );
  const containerName = check.name(
    'containerName',
    props.containerName ?? containerNameOf(image),
    DNS1123_LABEL_RULE,
    props.containerName === undefined ? `the image "${image}"` : undefined,
  );
  check.name('volumeName', p.volumeName, DNS1123_LABEL_RULE);
  check.name('portName', p.portName, IANA_SVC_NAME_RULE);
  check.integer('replicas', p.replicas, 0);
  check.integer('port', p.port, 1, 65535);

  const labels = props.labels ?? { app: name };
  check.that(
    'labels',
    labels,
    Object.keys(labels).length > 0,
    'at least one label: the labels select the pods for the StatefulSet and the Service',
  );
  check.labels('labels', labels);

  return {
    ...p,
    name,
    serviceName,
    containerName,
    labels: { ...labels },
    appName: props.appName ?? containerName,
    writablePaths: props.writablePaths ?? (p.readOnlyRootFilesystem ? ['/tmp'] : []),
    podAntiAffinity: props.podAntiAffinity ?? (p.replicas >= 2 ? PodAntiAffinity.PREFERRED : PodAntiAffinity.NONE),
    clientServiceName: props.clientServiceName ?? name,
  };
}

/** The props of the main volume, by the claim template option each stands for. */
const MAIN_VOLUME_PROPS = (option: keyof VolumeClaimTemplateOptions): string =>
  ({
    mountPath: 'mountPath',
    storage: 'storage',
    storageClassName: 'storageClassName',
    accessModes: 'accessModes',
    volumeMode: 'volumeMode',
    labels: 'claimLabels',
    annotations: 'claimAnnotations',
  })[option];

/**
 * Applies the defaults of a claim template's options and checks them; `prop` names each option in
 * errors (`addVolumeClaimTemplate("logs") storage`).
 */
export function resolveClaimOptions(
  check: PropChecker,
  options: VolumeClaimTemplateOptions,
  prop: (option: keyof VolumeClaimTemplateOptions) => string,
): ResolvedClaimOptions {
  const o = withDefaults(DEFAULTS.VolumeClaimTemplateOptions, options);
  checkClaimOptions(check, o, prop, 'the claim template');
  return o;
}

/**
 * A container of `addInitContainer` or `addSidecar` (`method`): the defaults of a container's
 * resources applied to `options`, as to the web server's, then checked and written.
 */
export function resolveAddedContainer(
  check: PropChecker,
  method: string,
  name: string,
  options: SidecarOptions,
  pod: PodContext,
  securityContext: Manifest<SecurityContext>,
): Writable<Manifest<Container>> {
  return resolveContainer(check, method, name, withDefaults(DEFAULTS.ContainerResources, options), options, pod, securityContext);
}

/**
 * The checks of a claim template's options, for the main volume (its props: `storage`,
 * `claimLabels`, ...) and for `addVolumeClaimTemplate` alike; `prop` names each option. The size
 * of the annotations is checked as that of `annotationsOn`, if given (the main volume's is checked
 * with every other object's, lib/metadata.ts).
 */
function checkClaimOptions(
  check: PropChecker,
  o: ResolvedClaimOptions,
  prop: (option: keyof VolumeClaimTemplateOptions) => string,
  annotationsOn?: string,
): void {
  check.size(prop('storage'), o.storage);
  checkStorageClassName(check, prop('storageClassName'), o.storageClassName);
  checkAccessModes(check, prop('accessModes'), o.accessModes);
  if (o.volumeMode !== undefined) check.oneOf(prop('volumeMode'), o.volumeMode, VolumeMode);
  check.labels(prop('labels'), o.labels);
  check.annotations(prop('annotations'), o.annotations);
  if (annotationsOn !== undefined) check.annotationsSize(annotationsOn, [[prop('annotations'), o.annotations]]);
  check.absolutePath(prop('mountPath'), o.mountPath);
}

/** Checks where a claim template is mounted: with volumeMode Block, the device path. */
export function checkClaimMount(check: PropChecker, claim: RenderedClaimTemplate, mountPathProp: string): void {
  // A raw block device's path: Kubernetes refuses a '..' element in it.
  if (claim.block)
    check.name(mountPathProp, claim.mountPath, DEVICE_PATH_RULE, undefined, 'with volumeMode Block, the mount path is the device path');
}

/** Checks that no volume is mounted at `path` yet (`taken`); `derivedFrom` as in PropChecker.that. */
export function checkNewMountPath(check: PropChecker, taken: readonly string[], path: string, prop: string, derivedFrom?: string): void {
  check.that(
    prop,
    path,
    duplicates([...taken, path]).length === 0,
    `a path no other volume is mounted at (${taken.join(', ')})`,
    derivedFrom,
  );
}

/**
 * The default container name: the image's last path segment without tag or digest,
 * e.g. `docker.io/bitnami/nginx:1.25@sha256:...` gives `nginx`.
 */
export function containerNameOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return lastSegment.split(':')[0];
}

function optionalSeconds(check: PropChecker, prop: string, duration: Duration | undefined, min: number, max?: number): number | undefined {
  if (duration === undefined) return undefined;
  check.seconds(prop, duration, min, max);
  return secondsOf(duration);
}
