import { Size } from 'cdk8s';
import { AccessMode } from './access-mode';

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
