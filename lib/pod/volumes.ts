import { Size } from 'cdk8s';
import type { Volume } from '../../imports/k8s';
import { Manifest } from '../synth/manifest';
import { storageQuantity } from '../quantities';
import { DNS1123_SUBDOMAIN_RULE } from '../validation/names';
import { checkedArgs } from '../validation/prop-kinds';

/** Options of an emptyDir volume. */
export interface EmptyDirOptions {
  /**
   * "sizeLimit is the total amount of local storage required for this EmptyDir volume."
   *
   * @default - no limit beyond the pod's ephemeral-storage limit
   */
  readonly sizeLimit?: Size;
  /**
   * "medium represents what type of storage medium should back this directory": `Memory` for a
   * tmpfs.
   *
   * @default false (the node's disk)
   */
  readonly memory?: boolean;
}

/** How a volume is mounted in the container. */
export interface VolumeMountOptions {
  /**
   * "Mounted read-only if true, read-write otherwise."
   *
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * "Path within the volume from which the container's volume should be mounted." A relative
   * path without a '..' element.
   *
   * @default - the volume's root
   */
  readonly subPath?: string;
}

/**
 * Where a pod volume (other than a claim template) comes from.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export class VolumeSource {
  /** "emptyDir represents a temporary directory that shares a pod's lifetime." */
  public static emptyDir(options: EmptyDirOptions = {}): VolumeSource {
    const check = checkedArgs('VolumeSource.emptyDir', [options]);
    if (options.sizeLimit !== undefined) check.size('sizeLimit', options.sizeLimit);
    return new VolumeSource({
      emptyDir: {
        medium: options.memory ? 'Memory' : undefined,
        sizeLimit: options.sizeLimit ? storageQuantity(options.sizeLimit) : undefined,
      },
    });
  }

  /** "configMap represents a configMap that should populate this volume." */
  public static configMap(configMapName: string): VolumeSource {
    checkedArgs('VolumeSource.configMap', [configMapName]).name('configMapName', configMapName, DNS1123_SUBDOMAIN_RULE);
    return new VolumeSource({ configMap: { name: configMapName } });
  }

  /** "secret represents a secret that should populate this volume." */
  public static secret(secretName: string): VolumeSource {
    checkedArgs('VolumeSource.secret', [secretName]).name('secretName', secretName, DNS1123_SUBDOMAIN_RULE);
    return new VolumeSource({ secret: { secretName } });
  }

  private constructor(
    /** @internal the source fields of the Volume, without its name */
    public readonly _source: Omit<Manifest<Volume>, 'name'>,
  ) {}
}
