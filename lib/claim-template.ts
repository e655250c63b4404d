import { Size } from 'cdk8s';
import { AccessMode } from './access-mode';
import { KINDS, ManifestProps, TypeMeta } from './k8s-manifest';
import { DNS1123_SUBDOMAIN_RULE } from './k8s-names';
import { PropChecker } from './prop-checker';
import { VolumeClaimTemplateOptions, VolumeMode } from './storage-options';

/**
 * A claim template as the StatefulSet's manifest has it, with `apiVersion: v1` and
 * `kind: PersistentVolumeClaim`: the API server adds both to every claim template it stores, and
 * a manifest without them differs from the live object forever (Argo CD reports the StatefulSet
 * OutOfSync).
 */
export type ClaimTemplate = ManifestProps<'PersistentVolumeClaim'> & TypeMeta<'PersistentVolumeClaim'>;

/** A claim template and where the container gets its volume. */
export interface RenderedClaimTemplate {
  readonly template: ClaimTemplate;
  readonly mountPath: string;
  /** A raw block device (`volumeDevices`) rather than a filesystem (`volumeMounts`). */
  readonly block: boolean;
}

/**
 * Checks the options of a claim template and renders it.
 *
 * @param propOf the name under which an error shows each option, e.g. `storage` for the main
 * volume and `addVolumeClaimTemplate("logs") storage` for another
 */
export function renderClaimTemplate(check: PropChecker, name: string, options: VolumeClaimTemplateOptions,
  propOf: (option: keyof VolumeClaimTemplateOptions) => string): RenderedClaimTemplate {
  const storage = check.size(propOf('storage'), options.storage ?? Size.gibibytes(1));
  const storageClassName = options.storageClassName;
  if (storageClassName !== undefined && storageClassName !== '') {
    check.name(propOf('storageClassName'), storageClassName, DNS1123_SUBDOMAIN_RULE,
      undefined, 'or the empty string for a volume without a class');
  }
  const accessModes = options.accessModes ?? [AccessMode.READ_WRITE_ONCE];
  checkAccessModes(check, propOf('accessModes'), accessModes);
  if (options.volumeMode !== undefined) check.oneOf(propOf('volumeMode'), options.volumeMode, VolumeMode);
  check.labels(propOf('labels'), options.labels);
  check.annotations(propOf('annotations'), options.annotations);
  const mountPath = check.absolutePath(propOf('mountPath'), options.mountPath);

  return {
    template: {
      apiVersion: KINDS.PersistentVolumeClaim,
      kind: 'PersistentVolumeClaim',
      metadata: { name, labels: nonEmpty(options.labels), annotations: nonEmpty(options.annotations) },
      spec: {
        accessModes: [...accessModes],
        storageClassName,
        volumeMode: options.volumeMode,
        resources: { requests: { storage } },
      },
    },
    mountPath,
    block: options.volumeMode === VolumeMode.BLOCK,
  };
}

function checkAccessModes(check: PropChecker, prop: string, accessModes: AccessMode[]): void {
  const knownModes = Object.values(AccessMode) as string[];
  check.that(prop, accessModes,
    Array.isArray(accessModes) && accessModes.length > 0 && accessModes.every((mode) => knownModes.includes(mode)),
    `a non-empty list of ${knownModes.join(', ')}`);
  check.that(prop, accessModes, new Set(accessModes).size === accessModes.length, 'a list without duplicates');
  check.that(prop, accessModes, !accessModes.includes(AccessMode.READ_WRITE_ONCE_POD) || accessModes.length === 1,
    'either [ReadWriteOncePod] alone or other modes: Kubernetes does not allow ReadWriteOncePod with another mode');
}

function nonEmpty(map?: { readonly [key: string]: string }) {
  return map && Object.keys(map).length > 0 ? { ...map } : undefined;
}
