// Scheduling: which nodes the pods may run on (nodeSelector), which taints they tolerate
// (tolerations) and their priority (priorityClassName), checked as the API server checks them
// (pkg/apis/core/validation: ValidateTolerations, the node selector's label rules).
import { Duration } from 'cdk8s';
import type { Toleration as K8sToleration } from '../imports/k8s';
import { secondsOf } from './quantities';
import { Manifest } from './manifest';
import { DNS1123_SUBDOMAIN_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE } from './validation/names';
import { INT64_SECONDS_MAX, PropChecker } from './validation/prop-checker';
import { enumOf, registerKind } from './validation/kinds';

/** "Operator represents a key's relationship to the value." */
export enum TolerationOperator {
  /** "Exists is equivalent to wildcard for value, so that a pod can tolerate all taints of a particular category." No `value`. */
  EXISTS = 'Exists',
  /** The taint's value must equal the toleration's `value`. */
  EQUAL = 'Equal',
}

/** "Effect indicates the taint effect to match." */
export enum TaintEffect {
  /** New pods are not scheduled on the node unless they tolerate the taint; running pods stay. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler tries not to place a pod that does not tolerate the taint on the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Pods that do not tolerate the taint are evicted from the node, and new ones are not scheduled on it. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * "The pod this Toleration is attached to tolerates any taint that matches the triple
 * <key,value,effect> using the matching operator <operator>."
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface Toleration {
  /**
   * "Key is the taint key that the toleration applies to. Empty means match all taint keys. If
   * the key is empty, operator must be Exists; this combination means to match all values and all
   * keys." A label key, e.g. `dedicated` or `node.kubernetes.io/unreachable`.
   *
   * @default - field omitted: every taint key (operator must then be `Exists`)
   */
  readonly key?: string;

  /**
   * "Operator represents a key's relationship to the value. Valid operators are Exists and
   * Equal. Defaults to Equal."
   *
   * @default - field omitted: Kubernetes uses Equal
   */
  readonly operator?: TolerationOperator;

  /**
   * "Value is the taint value the toleration matches to. If the operator is Exists, the value
   * should be empty, otherwise just a regular string." A label value.
   *
   * @default - field omitted: the empty value
   */
  readonly value?: string;

  /**
   * "Effect indicates the taint effect to match. Empty means match all taint effects."
   *
   * @default - field omitted: every effect
   */
  readonly effect?: TaintEffect;

  /**
   * tolerationSeconds: "TolerationSeconds represents the period of time the toleration (which
   * must be of effect NoExecute, otherwise this field is ignored) tolerates the taint. By default,
   * it is not set, which means tolerate the taint forever." Whole seconds; only with
   * `TaintEffect.NO_EXECUTE`.
   *
   * @default - field omitted: the taint is tolerated forever
   */
  readonly tolerationSeconds?: Duration;
}

/** The pod's nodeSelector, checked: a map of label keys to label values. */
export function resolveNodeSelector(
  check: PropChecker,
  nodeSelector: { readonly [key: string]: string } | undefined,
): { [key: string]: string } | undefined {
  if (nodeSelector === undefined) return undefined;
  check.labels('nodeSelector', nodeSelector);
  return Object.keys(nodeSelector).length > 0 ? { ...nodeSelector } : undefined;
}

/** The pod's priorityClassName, checked: "the name of a PriorityClass", a DNS-1123 subdomain. */
export function checkPriorityClassName(check: PropChecker, name: string | undefined): string | undefined {
  return name === undefined ? undefined : check.name('priorityClassName', name, DNS1123_SUBDOMAIN_RULE);
}

/** The pod's tolerations, checked by the rules of the API server's ValidateTolerations. */
export function resolveTolerations(check: PropChecker, tolerations: Toleration[] | undefined): Manifest<K8sToleration>[] | undefined {
  if (tolerations === undefined) return undefined;
  return tolerations.map((t, i) => resolveToleration(check, `tolerations[${i}]`, t));
}

function resolveToleration(check: PropChecker, prop: string, t: Toleration): Manifest<K8sToleration> {
  const { key, operator, value, effect, tolerationSeconds } = t;
  // An empty key is no key (ValidateTolerations checks the key only when it is not empty).
  const keyed = key !== undefined && key !== '';
  if (keyed) check.name(`${prop}.key`, key, LABEL_KEY_RULE);
  if (operator !== undefined) check.oneOf(`${prop}.operator`, operator, TolerationOperator);
  if (effect !== undefined) check.oneOf(`${prop}.effect`, effect, TaintEffect);
  // "If the key is empty, operator must be Exists; this combination means to match all values and all keys."
  check.that(
    `${prop}.operator`,
    operator,
    keyed || operator === TolerationOperator.EXISTS,
    'TolerationOperator.EXISTS when the key is left out or empty: a toleration without a key matches every taint key, and so every value',
  );
  if (operator === TolerationOperator.EXISTS) {
    check.that(
      `${prop}.value`,
      value,
      value === undefined || value === '',
      'left out with TolerationOperator.EXISTS, which matches every value of the key',
    );
  } else if (value !== undefined) {
    check.name(`${prop}.value`, value, LABEL_VALUE_RULE);
  }
  let seconds: number | undefined;
  if (tolerationSeconds !== undefined) {
    check.seconds(`${prop}.tolerationSeconds`, tolerationSeconds, 0, INT64_SECONDS_MAX);
    check.that(
      `${prop}.effect`,
      effect,
      effect === TaintEffect.NO_EXECUTE,
      'TaintEffect.NO_EXECUTE when tolerationSeconds is set: only a NoExecute taint evicts a pod after a time',
    );
    seconds = secondsOf(tolerationSeconds);
  }
  return { key, operator, value, effect, tolerationSeconds: seconds };
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(enumOf('TolerationOperator', TolerationOperator));
registerKind(enumOf('TaintEffect', TaintEffect));
