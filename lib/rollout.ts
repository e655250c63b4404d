import type { StatefulSetUpdateStrategy } from '../imports/k8s';
import { Manifest } from './manifest';
import { factoryChecker } from './validation/prop-kinds';
import { enumOf, instanceOf, registerKind } from './validation/kinds';

/**
 * "podManagementPolicy controls how pods are created during initial scale up, when replacing
 * pods on nodes, or when scaling down." Kubernetes does not allow it to change once applied.
 */
export enum PodManagementPolicy {
  /** "Pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order." */
  ORDERED_READY = 'OrderedReady',
  /** "Create pods in parallel to match the desired scale without waiting, and on scale down will delete all pods at once." */
  PARALLEL = 'Parallel',
}

/** Options of a rolling update. */
export interface RollingUpdateOptions {
  /**
   * "Partition indicates the ordinal at which the StatefulSet should be partitioned for
   * updates": only pods with an ordinal of at least `partition` are updated (canary, staged
   * roll-outs).
   *
   * @default 0
   */
  readonly partition?: number;
  /**
   * "The maximum number of pods that can be unavailable during the update." Needs the
   * MaxUnavailableStatefulSet feature gate (alpha in Kubernetes 1.28); without it, pods are updated
   * one at a time.
   *
   * @default - field omitted: 1
   */
  readonly maxUnavailable?: number;
}

/** Which update strategy a strategy is. */
export enum UpdateStrategyType {
  /** Replace pods one by one, from the highest ordinal down. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Replace a pod only when it is deleted. */
  ON_DELETE = 'OnDelete',
}

/**
 * "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in
 * the StatefulSet when a revision is made to Template."
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
 */
export class UpdateStrategy {
  /** Rolling update, from the highest ordinal down, optionally partitioned. */
  public static rollingUpdate(options: RollingUpdateOptions = {}): UpdateStrategy {
    const check = factoryChecker('UpdateStrategy.rollingUpdate', [options]);
    const { partition, maxUnavailable } = options;
    if (partition !== undefined) check.integer('partition', partition, 0);
    if (maxUnavailable !== undefined) check.integer('maxUnavailable', maxUnavailable, 1);
    // A copy: the options as checked, whatever happens to the caller's object later.
    return new UpdateStrategy(UpdateStrategyType.ROLLING_UPDATE, Object.freeze({ partition, maxUnavailable }));
  }

  /** "the controller will not automatically update the Pods": each is replaced when you delete it. */
  public static onDelete(): UpdateStrategy {
    return new UpdateStrategy(UpdateStrategyType.ON_DELETE, {});
  }

  private constructor(
    /** The strategy's type. */
    public readonly type: UpdateStrategyType,
    /** Options of a rolling update (named unlike `rollingUpdate()`: jsii languages cannot have both). */
    public readonly rollingUpdateOptions: RollingUpdateOptions,
  ) {}
}

/** The StatefulSet's updateStrategy. */
export function renderUpdateStrategy(strategy: UpdateStrategy): Manifest<StatefulSetUpdateStrategy> {
  if (strategy.type === UpdateStrategyType.ON_DELETE) return { type: strategy.type };
  const { partition, maxUnavailable } = strategy.rollingUpdateOptions;
  return {
    type: strategy.type,
    rollingUpdate: partition === undefined && maxUnavailable === undefined ? undefined : { partition, maxUnavailable },
  };
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(enumOf('PodManagementPolicy', PodManagementPolicy));
registerKind(instanceOf('UpdateStrategy', UpdateStrategy, 'UpdateStrategy.rollingUpdate() or onDelete()'));
