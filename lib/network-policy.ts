import type { NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from '../imports/k8s';
import { Manifest } from './manifest';
import { PropChecker } from './validation/prop-checker';
import { factoryChecker } from './validation/prop-kinds';
import { instanceOf, registerKind } from './validation/kinds';

/**
 * Who may connect to the web port when a NetworkPolicy is created.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class AllowFrom {
  /** Any source, inside or outside the cluster (only the port is restricted). */
  public static anywhere(): AllowFrom {
    return new AllowFrom();
  }

  /** Pods with these labels, in the set's own namespace. */
  public static pods(podLabels: { [key: string]: string }): AllowFrom {
    factoryChecker('AllowFrom.pods', [podLabels]).labels('podLabels', podLabels);
    return new AllowFrom(frozen(podLabels));
  }

  /** Every pod of the namespaces with these labels (e.g. `kubernetes.io/metadata.name: ingress`). */
  public static namespaces(namespaceLabels: { [key: string]: string }): AllowFrom {
    factoryChecker('AllowFrom.namespaces', [namespaceLabels]).labels('namespaceLabels', namespaceLabels);
    return new AllowFrom(undefined, frozen(namespaceLabels));
  }

  /** Pods with `podLabels` in the namespaces with `namespaceLabels`. */
  public static podsInNamespaces(podLabels: { [key: string]: string }, namespaceLabels: { [key: string]: string }): AllowFrom {
    const check = factoryChecker('AllowFrom.podsInNamespaces', [podLabels, namespaceLabels]);
    check.labels('podLabels', podLabels);
    check.labels('namespaceLabels', namespaceLabels);
    return new AllowFrom(frozen(podLabels), frozen(namespaceLabels));
  }

  private constructor(
    /** Labels of the pods allowed, if restricted. */
    public readonly podLabels?: { readonly [key: string]: string },
    /** Labels of the namespaces allowed, if restricted. */
    public readonly namespaceLabels?: { readonly [key: string]: string },
  ) {}
}

/** Checks the sources of the NetworkPolicy's rule: at least one. */
export function checkAllowFrom(check: PropChecker, allowFrom: AllowFrom[]): void {
  check.that(
    'networkPolicyAllowFrom',
    allowFrom,
    Array.isArray(allowFrom) && allowFrom.length > 0,
    'a non-empty list of AllowFrom sources (AllowFrom.anywhere() to restrict only the port)',
  );
}

/**
 * The ingress rule of the NetworkPolicy: the pod's ports (the list itself: ports added later
 * appear in it), from the sources of `allowFrom` (checked) and from the set's own pods (peers).
 * `AllowFrom.anywhere()` anywhere in the list opens the ports to all.
 */
export function renderIngressRule(
  allowFrom: AllowFrom[],
  selector: { [key: string]: string },
  ports: Manifest<NetworkPolicyPort>[],
): Manifest<NetworkPolicyIngressRule> {
  if (allowFrom.some((source) => !source.podLabels && !source.namespaceLabels)) {
    return { ports };
  }
  // The sources' labels were checked when they were made (and frozen then).
  const peers: Manifest<NetworkPolicyPeer>[] = allowFrom.map((source) => ({
    podSelector: source.podLabels ? { matchLabels: { ...source.podLabels } } : undefined,
    namespaceSelector: source.namespaceLabels ? { matchLabels: { ...source.namespaceLabels } } : undefined,
  }));
  return { from: [{ podSelector: { matchLabels: { ...selector } } }, ...peers], ports };
}

/** A copy of checked labels that nothing can change after the check. */
function frozen(labels: { [key: string]: string }): { readonly [key: string]: string } {
  return Object.freeze({ ...labels });
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(instanceOf('AllowFrom', AllowFrom, 'AllowFrom.anywhere(), pods(), namespaces() or podsInNamespaces()'));
