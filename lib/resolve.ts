import { DNS1035_LABEL_RULE, DNS1123_LABEL_RULE, IANA_SVC_NAME_RULE, STATEFULSET_NAME_RULE } from './validation/names';
import { PropChecker } from './validation/prop-checker';
import { StatefulWebProps } from './props';
import { VolumeClaimTemplateOptions } from './storage';

/** The core props of StatefulWeb with their defaults applied, checked. */
export interface ResolvedStatefulWebProps {
  readonly image: string;
  readonly name: string;
  readonly serviceName: string;
  readonly containerName: string;
  readonly replicas: number;
  readonly port: number;
  readonly portName: string;
  readonly labels: { readonly [key: string]: string };
  readonly volumeName: string;
  /** The main claim template's options, as `addVolumeClaimTemplate` takes them. */
  readonly volume: VolumeClaimTemplateOptions;
}

/** The name under which errors show each option of the main claim template. */
export const MAIN_VOLUME_PROPS: { [option in keyof VolumeClaimTemplateOptions]-?: keyof StatefulWebProps } = {
  mountPath: 'mountPath',
  storage: 'storage',
  storageClassName: 'storageClassName',
  accessModes: 'accessModes',
  volumeMode: 'volumeMode',
  labels: 'claimLabels',
  annotations: 'claimAnnotations',
};

/**
 * Applies the defaults of StatefulWebProps and checks every value, throwing an Error that names
 * the prop, shows the value and says what is allowed.
 *
 * @param id the construct id, the default name
 */
export function resolveProps(check: PropChecker, id: string, props: StatefulWebProps): ResolvedStatefulWebProps {
  const image = props.image;
  check.that('image', image, typeof image === 'string' && image.length > 0 && !/\s/.test(image),
    'a non-empty container image reference without whitespace (e.g. "bitnami/nginx:1.25")');

  const name = check.name('name', props.name ?? id, STATEFULSET_NAME_RULE,
    props.name === undefined ? 'the construct id' : undefined,
    'pods carry the label controller-revision-hash: <name>-<10 characters>, which must fit in 63');
  const serviceName = check.name('serviceName', props.serviceName ?? `${name}-headless`, DNS1035_LABEL_RULE,
    props.serviceName === undefined ? '<name>-headless' : undefined);
  const containerName = check.name('containerName', props.containerName ?? containerNameOf(image), DNS1123_LABEL_RULE,
    props.containerName === undefined ? `the image "${image}"` : undefined);
  const volumeName = check.name('volumeName', props.volumeName ?? 'data', DNS1123_LABEL_RULE);
  const portName = check.name('portName', props.portName ?? 'http', IANA_SVC_NAME_RULE);

  const replicas = check.integer('replicas', props.replicas ?? 1, 0);
  const port = check.integer('port', props.port ?? 8080, 1, 65535);

  const labels = props.labels ?? { app: name };
  check.that('labels', labels, Object.keys(labels).length > 0,
    'at least one label: the labels select the pods for the StatefulSet and the Service');
  check.labels('labels', labels);

  return {
    image, name, serviceName, containerName, replicas, port, portName, labels: { ...labels }, volumeName,
    volume: {
      mountPath: props.mountPath ?? '/app',
      storage: props.storage,
      storageClassName: props.storageClassName,
      accessModes: props.accessModes,
      volumeMode: props.volumeMode,
      labels: props.claimLabels,
      annotations: props.claimAnnotations,
    },
  };
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
