import { Size } from 'cdk8s';
import { AccessMode } from './access-mode';
import {
  DNS1035_LABEL_RULE, DNS1123_SUBDOMAIN_RULE, IANA_SVC_NAME_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE,
  NameRule, dns1123Label,
} from './k8s-names';
import { StatefulWebProps } from './stateful-web-props';
import { storageQuantity } from './storage-quantity';

/** StatefulWebProps with every default applied and every value checked. */
export interface ResolvedStatefulWebProps {
  readonly image: string;
  readonly name: string;
  readonly serviceName: string;
  readonly containerName: string;
  readonly replicas: number;
  readonly port: number;
  readonly portName: string;
  readonly labels: { readonly [key: string]: string };
  /** The storage request as a Kubernetes quantity, e.g. `1Gi`. */
  readonly storage: string;
  readonly storageClassName?: string;
  readonly accessModes: AccessMode[];
  readonly volumeName: string;
  readonly mountPath: string;
}

/**
 * The longest StatefulSet name: pods carry the label `controller-revision-hash: <name>-<hash>`,
 * with a hash of up to 10 characters, and a label value cannot exceed 63 characters.
 */
export const MAX_STATEFULSET_NAME_LENGTH = 52;

/**
 * Applies the defaults of StatefulWebProps and checks every value, throwing an Error that names
 * the prop, shows the value and says what is allowed.
 *
 * @param where how the error names the construct, e.g. `StatefulWeb "example/web"`
 * @param id the construct id, the default name
 */
export function resolveProps(where: string, id: string, props: StatefulWebProps): ResolvedStatefulWebProps {
  const check = new PropChecker(where);

  const image = props.image;
  check.that('image', image, typeof image === 'string' && image.length > 0 && !/\s/.test(image),
    'a non-empty container image reference without whitespace (e.g. "bitnami/nginx:1.25")');

  const name = check.name('name', props.name ?? id, dns1123Label(MAX_STATEFULSET_NAME_LENGTH),
    props.name === undefined ? 'the construct id' : undefined,
    'pods carry the label controller-revision-hash: <name>-<10 characters>, which must fit in 63');
  const serviceName = check.name('serviceName', props.serviceName ?? `${name}-headless`, DNS1035_LABEL_RULE,
    props.serviceName === undefined ? '<name>-headless' : undefined);
  const containerName = check.name('containerName', props.containerName ?? containerNameOf(image), dns1123Label(),
    props.containerName === undefined ? `the image "${image}"` : undefined);
  const volumeName = check.name('volumeName', props.volumeName ?? 'data', dns1123Label());
  const portName = check.name('portName', props.portName ?? 'http', IANA_SVC_NAME_RULE);

  const replicas = props.replicas ?? 1;
  check.that('replicas', replicas, Number.isInteger(replicas) && replicas >= 0, 'an integer of at least 0');

  const port = props.port ?? 8080;
  check.that('port', port, Number.isInteger(port) && port >= 1 && port <= 65535, 'an integer from 1 to 65535');

  const labels = props.labels ?? { app: name };
  const labelKeys = Object.keys(labels);
  check.that('labels', labels, labelKeys.length > 0,
    'at least one label: the labels select the pods for the StatefulSet and the Service');
  for (const key of labelKeys) {
    check.name(`labels key`, key, LABEL_KEY_RULE);
    check.name(`labels["${key}"]`, labels[key], LABEL_VALUE_RULE);
  }

  const storage = checkStorage(check, props.storage ?? Size.gibibytes(1));

  if (props.storageClassName !== undefined && props.storageClassName !== '') {
    check.name('storageClassName', props.storageClassName, DNS1123_SUBDOMAIN_RULE,
      undefined, 'or the empty string for a volume without a class');
  }

  const accessModes = props.accessModes ?? [AccessMode.READ_WRITE_ONCE];
  const knownModes = Object.values(AccessMode) as string[];
  check.that('accessModes', accessModes,
    accessModes.length > 0 && accessModes.every((mode) => knownModes.includes(mode)),
    `a non-empty list of ${knownModes.join(', ')}`);
  check.that('accessModes', accessModes, new Set(accessModes).size === accessModes.length,
    'a list without duplicates');
  check.that('accessModes', accessModes,
    !accessModes.includes(AccessMode.READ_WRITE_ONCE_POD) || accessModes.length === 1,
    'either [ReadWriteOncePod] alone or other modes: Kubernetes does not allow ReadWriteOncePod with another mode');

  const mountPath = props.mountPath ?? '/app';
  check.that('mountPath', mountPath, typeof mountPath === 'string' && mountPath.startsWith('/'),
    'an absolute path inside the container (e.g. "/app")');

  return {
    image, name, serviceName, containerName, replicas, port, portName, labels: { ...labels },
    storage, storageClassName: props.storageClassName, accessModes: [...accessModes], volumeName, mountPath,
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

function checkStorage(check: PropChecker, size: Size): string {
  let quantity: string | undefined;
  try {
    quantity = storageQuantity(size);
  } catch {
    quantity = undefined;
  }
  check.that('storage', size, quantity !== undefined && quantity !== '0',
    'a size greater than zero and a whole number of bytes (e.g. Size.gibibytes(1))');
  return quantity!;
}

/** Throws an Error that names the construct and the prop, shows the value and says what is allowed. */
class PropChecker {
  constructor(private readonly where: string) {}

  /** Throws unless `ok`, saying that `prop` must be `allowed`. */
  public that(prop: string, value: unknown, ok: boolean, allowed: string, derivedFrom?: string): void {
    if (ok) return;
    const origin = derivedFrom ? ` (the default, derived from ${derivedFrom}; set ${prop} explicitly)` : '';
    throw new Error(`${this.where}: invalid ${prop} ${show(value)}${origin}: it must be ${allowed}.`);
  }

  /** Checks `value` against a name rule and returns it. */
  public name(prop: string, value: string, rule: NameRule, derivedFrom?: string, why?: string): string {
    const allowed = why ? `${rule.allowed}; ${why}` : rule.allowed;
    this.that(prop, value, typeof value === 'string' && rule.test(value), allowed, derivedFrom);
    return value;
  }
}

function show(value: unknown): string {
  if (value instanceof Size) return `Size ${value.asString()}`;
  return JSON.stringify(value) ?? String(value);
}
