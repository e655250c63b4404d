import type { Affinity, PodDisruptionBudgetSpec, TopologySpreadConstraint } from '../imports/k8s';
import { Manifest } from './manifest';
import { LABEL_KEY_RULE } from './validation/names';
import { INT32_MAX, PropChecker } from './validation/prop-checker';
import { factoryChecker } from './validation/prop-kinds';
import { enumOf, instanceOf, registerKind } from './validation/kinds';

/**
 * A PodDisruptionBudget: how many pods of the set voluntary disruptions (node drains, cluster
 * upgrades) may take down at once.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
export class DisruptionBudget {
  /** "An eviction is allowed if at most `pods` pods selected by selector are unavailable after the eviction." */
  public static maxUnavailable(pods: number): DisruptionBudget {
    factoryChecker('DisruptionBudget.maxUnavailable', [pods]).that(
      'pods',
      pods,
      Number.isInteger(pods) && pods >= 1 && pods <= INT32_MAX,
      `an integer from 1 to ${INT32_MAX}: with 0, no voluntary eviction is ever allowed and node drains hang`,
    );
    return new DisruptionBudget('maxUnavailable', pods);
  }

  /** "An eviction is allowed if at least `pods` pods selected by selector will still be available after the eviction." */
  public static minAvailable(pods: number): DisruptionBudget {
    factoryChecker('DisruptionBudget.minAvailable', [pods]).integer('pods', pods, 0);
    return new DisruptionBudget('minAvailable', pods);
  }

  private constructor(
    /** @internal the PodDisruptionBudgetSpec field */
    public readonly _field: 'maxUnavailable' | 'minAvailable',
    /** The number of pods. */
    public readonly pods: number,
  ) {}
}

/** Whether the scheduler spreads the set's pods over nodes. */
export enum PodAntiAffinity {
  /** No anti-affinity. */
  NONE = 'None',
  /** Prefer nodes that do not run a pod of the set yet; still schedule when none is left. */
  PREFERRED = 'Preferred',
  /** Never put two pods of the set on the same node; pods stay Pending when no node is left. */
  REQUIRED = 'Required',
}

/** "indicates how to deal with a pod if it doesn't satisfy the spread constraint." */
export enum WhenUnsatisfiable {
  /** "instructs the scheduler not to schedule the pod." */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
  /** "instructs the scheduler to schedule the pod in any location, but giving higher precedence to topologies that would help reduce the skew." */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
}

/**
 * A topology spread constraint over the set's own pods.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export interface TopologySpread {
  /** "TopologyKey is the key of node labels", e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /**
   * "MaxSkew describes the degree to which pods may be unevenly distributed." At least 1.
   *
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * What to do with a pod that does not satisfy the constraint.
   *
   * @default WhenUnsatisfiable.SCHEDULE_ANYWAY
   */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
}

const HOSTNAME = 'kubernetes.io/hostname';

/** The pod affinity that keeps the set's pods off each other's nodes, or undefined for NONE. */
export function renderAntiAffinity(mode: PodAntiAffinity, selector: { [key: string]: string }): Manifest<Affinity> | undefined {
  const term = { labelSelector: { matchLabels: { ...selector } }, topologyKey: HOSTNAME };
  switch (mode) {
    case PodAntiAffinity.PREFERRED:
      return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
    case PodAntiAffinity.REQUIRED:
      return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    default:
      return undefined;
  }
}

/**
 * The topology spread constraints over the set's own pods (`spreads`, with their defaults; `given`
 * as given), checked: Kubernetes refuses two with the same topologyKey and whenUnsatisfiable.
 */
export function resolveTopologySpread(
  check: PropChecker,
  spreads: readonly Required<TopologySpread>[],
  given: readonly TopologySpread[],
  selector: { [key: string]: string },
): Manifest<TopologySpreadConstraint>[] {
  return spreads.map((spread, i) => {
    const prop = `topologySpread[${i}]`;
    const constraint = {
      topologyKey: check.name(`${prop}.topologyKey`, spread.topologyKey, LABEL_KEY_RULE),
      maxSkew: check.integer(`${prop}.maxSkew`, spread.maxSkew, 1),
      whenUnsatisfiable: check.oneOf(`${prop}.whenUnsatisfiable`, spread.whenUnsatisfiable, WhenUnsatisfiable),
      labelSelector: { matchLabels: { ...selector } },
    };
    const same = spreads.findIndex(
      (other) => other.topologyKey === spread.topologyKey && other.whenUnsatisfiable === spread.whenUnsatisfiable,
    );
    if (same < i) {
      const defaulted =
        given[i].whenUnsatisfiable === undefined || given[same].whenUnsatisfiable === undefined ? ', the default of whenUnsatisfiable' : '';
      check.that(
        prop,
        given[i],
        false,
        `a constraint whose topologyKey or whenUnsatisfiable differs from topologySpread[${same}]'s: ` +
          `Kubernetes refuses two constraints with the same topologyKey ("${spread.topologyKey}") and whenUnsatisfiable (${spread.whenUnsatisfiable}${defaulted})`,
      );
    }
    return constraint;
  });
}

/** The PodDisruptionBudget spec fields of `budget`, checked against the number of replicas. */
export function resolveDisruptionBudget(
  check: PropChecker,
  budget: DisruptionBudget,
  replicas: number,
): Manifest<Pick<PodDisruptionBudgetSpec, 'maxUnavailable' | 'minAvailable'>> {
  if (budget._field === 'maxUnavailable') return { maxUnavailable: budget.pods };
  check.that(
    'disruptionBudget minAvailable',
    budget.pods,
    budget.pods < replicas || replicas === 0,
    `an integer from 0 to replicas - 1 (${replicas - 1}): with minAvailable >= replicas, no voluntary eviction is ever allowed and node drains hang`,
  );
  return { minAvailable: budget.pods };
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(enumOf('PodAntiAffinity', PodAntiAffinity));
registerKind(enumOf('WhenUnsatisfiable', WhenUnsatisfiable));
registerKind(instanceOf('DisruptionBudget', DisruptionBudget, 'DisruptionBudget.maxUnavailable() or minAvailable()'));
