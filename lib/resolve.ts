// Props resolve once: the defaults applied (lib/defaults.ts, and the ones derived from other props
// here), the core names and numbers checked. The render functions read the resolved props.
import { PodAntiAffinity, TopologySpread } from './availability';
import { DEFAULTS, STATEFUL_WEB_PROPS_DEFAULTS, withDefaults } from './defaults';
import { StatefulWebProps } from './props';
import { checkAccessModes, checkStorageClassName, VolumeClaimTemplateOptions, VolumeMode } from './storage';
import { DNS1035_LABEL_RULE, DNS1123_LABEL_RULE, IANA_SVC_NAME_RULE, IMAGE_RULE, STATEFULSET_NAME_RULE } from './validation/names';
import { PropChecker } from './validation/prop-checker';

/** The props whose default is derived from other props. */
type DerivedProp = 'name' | 'serviceName' | 'containerName' | 'labels' | 'appName' | 'writablePaths' | 'podAntiAffinity' | 'clientServiceName';

/** StatefulWebProps with every default applied. */
export type ResolvedProps = StatefulWebProps & typeof STATEFUL_WEB_PROPS_DEFAULTS & Required<Pick<StatefulWebProps, DerivedProp>>
  & { readonly topologySpread?: Required<TopologySpread>[] };

/** A claim template's options with their defaults applied. */
export type ResolvedClaimOptions = VolumeClaimTemplateOptions & typeof DEFAULTS.VolumeClaimTemplateOptions;

/**
 * Applies the defaults of StatefulWebProps and checks the core props (image, names, numbers,
 * labels), throwing an Error that names the prop, shows the value and says what is allowed.
 *
 * @param id the construct id, the default name
 */
export function resolveProps(check: PropChecker, id: string, props: StatefulWebProps): ResolvedProps {
  const p = withDefaults(STATEFUL_WEB_PROPS_DEFAULTS, props);
  const image = p.image;
  check.name('image', image, IMAGE_RULE);

  const name = check.name('name', props.name ?? id, STATEFULSET_NAME_RULE,
    props.name === undefined ? 'the construct id' : undefined,
    'pods carry the label controller-revision-hash: <name>-<10 characters>, which must fit in 63');
  const serviceName = check.name('serviceName', props.serviceName ?? `${name}-headless`, DNS1035_LABEL_RULE,
    props.serviceName === undefined ? '<name>-headless' : undefined);
  const containerName = check.name('containerName', props.containerName ?? containerNameOf(image), DNS1123_LABEL_RULE,
    props.containerName === undefined ? `the image "${image}"` : undefined);
  check.name('volumeName', p.volumeName, DNS1123_LABEL_RULE);
  check.name('portName', p.portName, IANA_SVC_NAME_RULE);
  check.integer('replicas', p.replicas, 0);
  check.integer('port', p.port, 1, 65535);

  const labels = props.labels ?? { app: name };
  check.that('labels', labels, Object.keys(labels).length > 0,
    'at least one label: the labels select the pods for the StatefulSet and the Service');
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
    topologySpread: props.topologySpread?.map((spread) => withDefaults(DEFAULTS.TopologySpread, spread)),
  };
}

/**
 * Applies the defaults of a claim template's options and checks them; `prop` names each option in
 * errors (`addVolumeClaimTemplate("logs") storage`). The main volume's options are props of their
 * own (`storage`, `claimLabels`, ...): `checkMainVolume` checks them under those names.
 */
export function resolveClaimOptions(check: PropChecker, options: VolumeClaimTemplateOptions,
  prop: (option: keyof VolumeClaimTemplateOptions) => string): ResolvedClaimOptions {
  const o = withDefaults(DEFAULTS.VolumeClaimTemplateOptions, options);
  check.size(prop('storage'), o.storage);
  checkStorageClassName(check, prop('storageClassName'), o.storageClassName);
  checkAccessModes(check, prop('accessModes'), o.accessModes);
  if (o.volumeMode !== undefined) check.oneOf(prop('volumeMode'), o.volumeMode, VolumeMode);
  check.labels(prop('labels'), o.labels);
  check.annotations(prop('annotations'), o.annotations);
  check.annotationsSize('the claim template', [[prop('annotations'), o.annotations]]);
  check.absolutePath(prop('mountPath'), o.mountPath);
  return o;
}

/** Checks the props of the main volume, as `resolveClaimOptions` checks a claim template's options. */
export function checkMainVolume(check: PropChecker, p: ResolvedProps): void {
  check.size('storage', p.storage);
  checkStorageClassName(check, 'storageClassName', p.storageClassName);
  checkAccessModes(check, 'accessModes', p.accessModes);
  if (p.volumeMode !== undefined) check.oneOf('volumeMode', p.volumeMode, VolumeMode);
  check.labels('claimLabels', p.claimLabels);
  check.annotations('claimAnnotations', p.claimAnnotations);
  check.absolutePath('mountPath', p.mountPath);
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
