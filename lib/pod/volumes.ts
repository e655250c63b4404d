import { Size } from 'cdk8s';
import type { Volume } from '../../imports/k8s';
import { Manifest } from '../manifest';
import { storageQuantity } from '../quantities';
import { CONFIG_KEY_RULE, DNS1123_SUBDOMAIN_RULE, KEY_PATH_RULE } from '../validation/names';
import { PropChecker } from '../validation/prop-checker';
import { factoryChecker } from '../validation/prop-kinds';
import { instanceOf, registerKind } from '../validation/kinds';

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

/**
 * "Maps a string key to a path within a volume": one key of a ConfigMap or Secret, as a file.
 */
export interface KeyToPath {
  /** "key is the key to project." */
  readonly key: string;
  /**
   * "path is the relative path of the file to map the key to. May not be an absolute path. May
   * not contain the path element '..'. May not start with the string '..'."
   */
  readonly path: string;
  /**
   * "mode is Optional: mode bits used to set permissions on this file. Must be an octal value
   * between 0000 and 0777 or a decimal value between 0 and 511." In TypeScript, write it in
   * octal: `0o400`.
   *
   * @default - the volume's defaultMode
   */
  readonly mode?: number;
}

/** Options of a volume made from a ConfigMap's or a Secret's keys. */
export interface DataVolumeOptions {
  /**
   * "If unspecified, each key-value pair in the Data field of the referenced ConfigMap will be
   * projected into the volume as a file whose name is the key and content is the value. If
   * specified, the listed keys will be projected into the specified paths, and unlisted keys will
   * not be present." (Likewise for a Secret.) An empty list projects every key too, as the
   * kubelet reads it. No two items may have the same path, or a path inside another's.
   *
   * @default - every key, as a file named after it
   */
  readonly items?: KeyToPath[];
  /**
   * "defaultMode is optional: mode bits used to set permissions on created files by default. Must
   * be an octal value between 0000 and 0777 or a decimal value between 0 and 511." In TypeScript,
   * write it in octal: `0o440`.
   *
   * @default - field omitted: Kubernetes uses 0644
   */
  readonly defaultMode?: number;
  /**
   * "optional specify whether the ConfigMap or its keys must be defined" (or the Secret): an
   * optional volume whose source is missing is mounted empty instead of keeping the pod from
   * starting.
   *
   * @default - field omitted: false
   */
  readonly optional?: boolean;
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
    const check = factoryChecker('VolumeSource.emptyDir', [options]);
    if (options.sizeLimit !== undefined) check.size('sizeLimit', options.sizeLimit);
    return new VolumeSource({
      emptyDir: {
        medium: options.memory ? 'Memory' : undefined,
        sizeLimit: options.sizeLimit ? storageQuantity(options.sizeLimit) : undefined,
      },
    });
  }

  /** "configMap represents a configMap that should populate this volume." */
  public static configMap(configMapName: string, options: DataVolumeOptions = {}): VolumeSource {
    const check = factoryChecker('VolumeSource.configMap', [configMapName, options]);
    check.name('configMapName', configMapName, DNS1123_SUBDOMAIN_RULE);
    return new VolumeSource({ configMap: { name: configMapName, ...resolveDataVolumeOptions(check, options) } });
  }

  /** "secret represents a secret that should populate this volume." */
  public static secret(secretName: string, options: DataVolumeOptions = {}): VolumeSource {
    const check = factoryChecker('VolumeSource.secret', [secretName, options]);
    check.name('secretName', secretName, DNS1123_SUBDOMAIN_RULE);
    return new VolumeSource({ secret: { secretName, ...resolveDataVolumeOptions(check, options) } });
  }

  private constructor(
    /** @internal the source fields of the Volume, without its name */
    public readonly _source: Omit<Manifest<Volume>, 'name'>,
  ) {}
}

/** The largest file mode of a volume's files: 0777, "rwx" for all. */
const MAX_MODE = 0o777;

/**
 * The `items`, `defaultMode` and `optional` fields of a ConfigMap or Secret volume, checked as
 * the API server checks them (validateKeyToPath, the file mode's range).
 */
function resolveDataVolumeOptions(check: PropChecker, options: DataVolumeOptions) {
  const { items, defaultMode, optional } = options;
  if (defaultMode !== undefined) checkMode(check, 'defaultMode', defaultMode);
  // An empty list is allowed, as the API server allows it (the kubelet then projects every key).
  // A non-list is refused by the runtime kinds.
  const paths: string[] = [];
  return {
    items: items?.map((item, i) => {
      check.name(`items[${i}].key`, item.key, CONFIG_KEY_RULE);
      check.name(`items[${i}].path`, item.path, KEY_PATH_RULE);
      // The API server warns of overlapping paths (warningsForOverlappingVirtualPaths): the same
      // path twice (one key overwrites the other), or a path under another (a file where a folder
      // must be), and the volume fails to mount.
      const overlap = paths.find((other) => `${item.path}/`.startsWith(`${other}/`) || `${other}/`.startsWith(`${item.path}/`));
      check.that(
        `items[${i}].path`,
        item.path,
        overlap === undefined,
        `a path that is neither the path of another item nor a folder of one, nor inside one (items[${paths.indexOf(overlap!)}].path is "${overlap}")`,
      );
      paths.push(item.path);
      if (item.mode !== undefined) checkMode(check, `items[${i}].mode`, item.mode);
      return { key: item.key, path: item.path, mode: item.mode };
    }),
    defaultMode,
    optional,
  };
}

function checkMode(check: PropChecker, prop: string, mode: number): void {
  check.that(
    prop,
    mode,
    Number.isInteger(mode) && mode >= 0 && mode <= MAX_MODE,
    `a file mode from 0 to 0o777 (${MAX_MODE} in decimal), e.g. 0o644`,
  );
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(instanceOf('VolumeSource', VolumeSource, 'VolumeSource.emptyDir(), configMap() or secret()'));
