// Interop with cdk8s-plus-28: what its constructs need to route to, or select, a StatefulWeb's
// pods, so that a chart never repeats a selector, a Service name or a port by hand.
//
// cdk8s-plus-28 is loaded on first use (`require` inside the functions), not when the library is
// imported: it takes tens of milliseconds to load, which a chart that never calls these pays for
// nothing. `import type` below is erased by the compiler.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { IngressBackend, NetworkPolicyPort, Pods } from 'cdk8s-plus-28';

type CdkPlus = typeof import('cdk8s-plus-28');

function cdk8sPlus(): CdkPlus {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdk8s-plus-28');
}

/** A Service port that an Ingress can route to. */
export interface ServicePortRef {
  readonly serviceName: string;
  readonly port: number;
  readonly portName: string;
}

/**
 * An Ingress backend for a Service that this library synthesized itself (a plain `ApiObject`).
 * cdk8s-plus builds backends only from its own `Service` class, so this describes the Service
 * with one in a private chart that is never synthesized: `IngressBackend.fromService` reads its
 * name and port, and nothing is added to the caller's chart.
 */
export function ingressBackendFor(target: ServicePortRef): IngressBackend {
  const kplus = cdk8sPlus();
  const reference = new kplus.Service(new Chart(new App({ outdir: '.' }), 'reference'), 'service', {
    metadata: { name: target.serviceName },
    ports: [{ port: target.port, name: target.portName }],
  });
  return kplus.IngressBackend.fromService(reference, { port: target.port });
}

/**
 * The pods with `labels` in `namespace` (any namespace a selection is used from, when
 * undefined), as a cdk8s-plus `Pods` selection: created once under `scope` as `id` (it is a
 * construct without API objects), then reused.
 */
export function selectPodsOf(scope: Construct, id: string, labels: { readonly [key: string]: string }, namespace?: string): Pods {
  const existing = scope.node.tryFindChild(id);
  if (existing) return existing as Pods;
  const kplus = cdk8sPlus();
  return kplus.Pods.select(scope, id, {
    labels: { ...labels },
    // As cdk8s-plus's own workloads do: a selection in a named namespace, so that a
    // NetworkPolicy peer in another namespace gets a `kubernetes.io/metadata.name` selector.
    namespaces: namespace === undefined ? undefined : kplus.Namespaces.select(scope, `${id}-namespace`, { names: [namespace] }),
  });
}

/** A TCP port, as a cdk8s-plus NetworkPolicy rule takes it. */
export function networkPolicyPortOf(port: number): NetworkPolicyPort {
  return cdk8sPlus().NetworkPolicyPort.tcp(port);
}
