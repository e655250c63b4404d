// Storage: the access modes, volume modes and retention of PersistentVolumeClaims, the options of
// a claim template, and its rendering into the StatefulSet's volumeClaimTemplates.
import { Size } from 'cdk8s';
import { storageQuantity } from './quantities';
import { KINDS, ManifestProps, nonEmpty, TypeMeta } from './manifest';
import { DNS1123_SUBDOMAIN_RULE } from './validation/names';
import { PropChecker } from './validation/prop-checker';
import { enumOf, registerKind } from './validation/kinds';

/**
 * The access modes a PersistentVolumeClaim can request.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export enum AccessMode {
  /** The volume can be mounted as read-write by a single node; pods on that node can share it. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** The volume can be mounted as read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** The volume can be mounted as read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /**
   * The volume can be mounted as read-write by a single pod. Kubernetes does not allow it to be
   * combined with any other access mode.
   */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/**
 * "volumeMode defines what type of volume is required by the claim."
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-mode
 */
export enum VolumeMode {
  /** The volume is mounted into the pod as a directory, with a filesystem. */
  FILESYSTEM = 'Filesystem',
  /** The volume is handed to the container as a raw block device, at the mount path. */
  BLOCK = 'Block',
}

/**
 * What happens to the claims that a StatefulSet created from its claim templates.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export enum ClaimRetention {
  /** The claims, and the data on their volumes, are kept. */
  RETAIN = 'Retain',
  /** The claims are deleted, and with them, depending on the StorageClass's reclaim policy, the data. */
  DELETE = 'Delete',
}

/**
 * A PersistentVolumeClaim template: every pod gets its own claim `<name>-<statefulset>-<ordinal>`
 * made from it, mounted in the container.
 */
export interface VolumeClaimTemplateOptions {
  /**
   * "Path within the container at which the volume should be mounted." An absolute path; the
   * device path when `volumeMode` is `Block`.
   */
  readonly mountPath: string;

  /**
   * "resources represents the minimum resources the volume should have": the storage request.
   * Greater than zero.
   *
   * @default Size.gibibytes(1)
   */
  readonly storage?: Size;

  /**
   * "storageClassName is the name of the StorageClass required by the claim." The empty string
   * requests a volume without a class.
   *
   * @default - field omitted: the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * "accessModes contains the desired access modes the volume should have."
   *
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: AccessMode[];

  /**
   * "volumeMode defines what type of volume is required by the claim."
   *
   * @default - field omitted: Kubernetes uses Filesystem
   */
  readonly volumeMode?: VolumeMode;

  /**
   * Labels of the claims made from this template.
   *
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };

  /**
   * Annotations of the claims made from this template.
   *
   * @default - none
   */
  readonly annotations?: { readonly [key: string]: string };
}

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

/** Renders a claim template from its options, checked and with defaults (lib/resolve.ts). */
export function renderClaimTemplate(
  name: string,
  options: VolumeClaimTemplateOptions & { readonly storage: Size; readonly accessModes: readonly AccessMode[] },
): RenderedClaimTemplate {
  return {
    template: {
      apiVersion: KINDS.PersistentVolumeClaim,
      kind: 'PersistentVolumeClaim',
      metadata: { name, labels: nonEmpty(options.labels), annotations: nonEmpty(options.annotations) },
      spec: {
        accessModes: [...options.accessModes],
        storageClassName: options.storageClassName,
        volumeMode: options.volumeMode,
        resources: { requests: { storage: storageQuantity(options.storage) } },
      },
    },
    mountPath: options.mountPath,
    block: options.volumeMode === VolumeMode.BLOCK,
  };
}

/** Checks a StorageClass name: a DNS-1123 subdomain, or the empty string for a volume without a class. */
export function checkStorageClassName(check: PropChecker, prop: string, storageClassName: string | undefined): void {
  if (storageClassName !== undefined && storageClassName !== '') {
    check.name(prop, storageClassName, DNS1123_SUBDOMAIN_RULE, undefined, 'or the empty string for a volume without a class');
  }
}

/** Checks a list of access modes: known modes, not empty, no duplicates, ReadWriteOncePod alone. */
export function checkAccessModes(check: PropChecker, prop: string, accessModes: readonly AccessMode[]): void {
  const knownModes = Object.values(AccessMode) as string[];
  check.that(
    prop,
    accessModes,
    Array.isArray(accessModes) && accessModes.length > 0 && accessModes.every((mode: AccessMode) => knownModes.includes(mode)),
    `a non-empty list of ${knownModes.join(', ')}`,
  );
  check.that(prop, accessModes, new Set(accessModes).size === accessModes.length, 'a list without duplicates');
  check.that(
    prop,
    accessModes,
    !accessModes.includes(AccessMode.READ_WRITE_ONCE_POD) || accessModes.length === 1,
    'either [ReadWriteOncePod] alone or other modes: Kubernetes does not allow ReadWriteOncePod with another mode',
  );
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(enumOf('AccessMode', AccessMode));
registerKind(enumOf('ClaimRetention', ClaimRetention));
registerKind(enumOf('VolumeMode', VolumeMode));
