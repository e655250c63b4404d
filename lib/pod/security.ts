import type { PodSecurityContext, SecurityContext } from '../../imports/k8s';
import { Manifest } from '../manifest';
import { factoryChecker } from '../validation/prop-kinds';
import { enumOf, instanceOf, registerKind } from '../validation/kinds';

/**
 * "Image pull policy. One of Always, Never, IfNotPresent."
 *
 * @see https://kubernetes.io/docs/concepts/containers/images#updating-images
 */
export enum ImagePullPolicy {
  /** Pull the image every time a container starts. */
  ALWAYS = 'Always',
  /** Pull the image only if it is not on the node already. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the image must be on the node already. */
  NEVER = 'Never',
}

/**
 * Which user and groups the pod's processes run as.
 *
 * OpenShift's restricted-v2 SecurityContextConstraints assign each namespace a range of user ids
 * and a supplemental group, and reject pods that ask for fixed ones: there, leave the choice to the
 * platform. On plain Kubernetes nothing assigns them: the image's own user runs, and a fresh
 * volume may not be writable by it unless `fsGroup` is set; there, use `PodUser.fixed()`.
 */
export class PodUser {
  /**
   * No `runAsUser`, `runAsGroup` or `fsGroup`: the platform assigns them (OpenShift), or the
   * image's own non-root user runs (`runAsNonRoot: true` makes the kubelet refuse a root user).
   */
  public static assignedByPlatform(): PodUser {
    return new PodUser();
  }

  /**
   * Fixed ids for plain Kubernetes: `runAsUser`, `runAsGroup` and `fsGroup`, so that the volume
   * is writable by the image's non-root user. For Bitnami images, `PodUser.fixed(1001)`.
   *
   * @param user the non-root user id (`runAsUser`), greater than 0
   * @param group the primary group id (`runAsGroup`), default: `user`
   * @param fsGroup the group that owns the volumes (`fsGroup`), default: `group`
   */
  public static fixed(user: number, group?: number, fsGroup?: number): PodUser {
    const check = factoryChecker('PodUser.fixed', [user, group, fsGroup]);
    check.integer('user', user, 1);
    if (group !== undefined) check.integer('group', group, 0);
    if (fsGroup !== undefined) check.integer('fsGroup', fsGroup, 0);
    const runAsGroup = group ?? user;
    return new PodUser(user, runAsGroup, fsGroup ?? runAsGroup);
  }

  private constructor(
    /** `runAsUser`, if fixed. */
    public readonly runAsUser?: number,
    /** `runAsGroup`, if fixed. */
    public readonly runAsGroup?: number,
    /** `fsGroup`, if fixed. */
    public readonly fsGroup?: number,
  ) {}
}

/**
 * The pod's securityContext: the restricted Pod Security Standard's pod-level fields
 * (`runAsNonRoot`, `seccompProfile: RuntimeDefault`) and the ids of `user`, if fixed.
 */
export function renderPodSecurityContext(user: PodUser): Manifest<PodSecurityContext> {
  return {
    runAsNonRoot: true,
    runAsUser: user.runAsUser,
    runAsGroup: user.runAsGroup,
    fsGroup: user.fsGroup,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The container's securityContext, restricted: no privilege escalation, every capability dropped
 * (NET_BIND_SERVICE added back if asked), not privileged, non-root.
 */
export function renderContainerSecurityContext(readOnlyRootFilesystem: boolean, netBindService: boolean): Manifest<SecurityContext> {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    runAsNonRoot: true,
    readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'], add: netBindService ? ['NET_BIND_SERVICE'] : undefined },
  };
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(enumOf('ImagePullPolicy', ImagePullPolicy));
registerKind(instanceOf('PodUser', PodUser, 'PodUser.assignedByPlatform() or PodUser.fixed()'));
