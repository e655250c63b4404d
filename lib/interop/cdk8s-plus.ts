// Interop with cdk8s-plus: what its constructs need to route to, or select, a StatefulWeb's pods,
// so that a chart never repeats a selector, a Service name or a port by hand.
//
// One implementation for every cdk8s-plus line (cdk8s-plus-28 to cdk8s-plus-34 have the same
// API): each function takes the chart's own cdk8s-plus module and builds the objects with it, so
// they have that line's types, and no other line is ever loaded. A class of one line is not the
// class of another for TypeScript (cdk8s-plus classes have private fields), so the functions are
// generic over the module, described below by the few members they call.
//
// The StatefulWeb methods (`web.ingressBackend()`, ...) call these with cdk8s-plus-28, loaded on
// first use. A chart on another line imports these functions from 'cdk8s-stateful-web/cdk8s-plus'
// (TypeScript and JavaScript only: jsii has no generic functions).
import { App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/** What the interop reads from a StatefulWeb. */
export interface InteropTarget extends IConstruct {
  /** The pod labels that select the pods. */
  readonly selectorLabels: { readonly [key: string]: string };
  /** The web port's number. */
  readonly port: number;
  /** The web port's name. */
  readonly portName: string;
  /** The headless Service. */
  readonly service: { readonly name: string };
  /** The client Service, if any. */
  readonly clientService?: { readonly name: string };
}

/** The members of a cdk8s-plus module that `ingressBackend` calls. */
export interface Cdk8sPlusIngress<Service, Backend> {
  readonly Service: new (
    scope: Construct,
    id: string,
    props: {
      readonly metadata: { readonly name: string };
      readonly ports: Array<{ readonly port: number; readonly name: string }>;
    },
  ) => Service;
  readonly IngressBackend: { fromService(service: Service, options: { readonly port: number }): Backend };
}

/** The members of a cdk8s-plus module that `selectPods` calls. */
export interface Cdk8sPlusPods<Namespaces, Pods> {
  readonly Namespaces: { select(scope: Construct, id: string, options: { readonly names: string[] }): Namespaces };
  // The class itself (its constructor), to find a selection made before (instanceof).
  readonly Pods: (abstract new (...args: never[]) => unknown) & {
    select(scope: Construct, id: string, options: { readonly labels: { [key: string]: string }; readonly namespaces?: Namespaces }): Pods;
  };
}

/** The members of a cdk8s-plus module that `networkPolicyPort` calls. */
export interface Cdk8sPlusNetworkPolicy<Port> {
  readonly NetworkPolicyPort: { tcp(port: number): Port };
}

/**
 * An Ingress backend for the web port of `web`, of the line of `kplus`: through the client
 * Service when there is one (load-balanced over the ready pods), else through the headless
 * Service. For example, on cdk8s-plus-33:
 * `new kplus.Ingress(chart, 'ingress', { defaultBackend: ingressBackend(kplus, web) })`.
 *
 * cdk8s-plus builds backends only from its own `Service` class, and StatefulWeb's Services are
 * plain ApiObjects: the backend is made from a `Service` of the same name and port in a private
 * chart that is never synthesized, so nothing is added to the caller's chart.
 *
 * @param kplus the chart's cdk8s-plus module (`import * as kplus from 'cdk8s-plus-33'`)
 */
export function ingressBackend<Service, Backend>(kplus: Cdk8sPlusIngress<Service, Backend>, web: InteropTarget): Backend {
  const service = web.clientService ?? web.service;
  const reference = new kplus.Service(new Chart(new App({ outdir: '.' }), 'reference'), 'service', {
    metadata: { name: service.name },
    ports: [{ port: web.port, name: web.portName }],
  });
  return kplus.IngressBackend.fromService(reference, { port: web.port });
}

/**
 * The pods of `web` as a `Pods` selection of the line of `kplus`, by the selector labels, in the
 * chart's namespace when it has one: a NetworkPolicy's `selector`, or a peer of a rule in another
 * namespace's policy. Adds no API object; every call with the same line returns the same selection.
 *
 * @param kplus the chart's cdk8s-plus module (`import * as kplus from 'cdk8s-plus-33'`)
 */
export function selectPods<Namespaces, Pods>(kplus: Cdk8sPlusPods<Namespaces, Pods>, web: InteropTarget): Pods {
  // The selection is a construct under the StatefulWeb, made once per line (a chart normally uses one).
  const existing = web.node.children.find((child) => child instanceof kplus.Pods);
  if (existing) return existing as unknown as Pods;
  let id = 'pods';
  for (let n = 2; web.node.tryFindChild(id); n++) id = `pods-${n}`;
  const scope = web as unknown as Construct;
  const namespace = Chart.of(web).namespace;
  return kplus.Pods.select(scope, id, {
    labels: { ...web.selectorLabels },
    // As cdk8s-plus's own workloads do: a selection in a named namespace, so that a
    // NetworkPolicy peer in another namespace gets a `kubernetes.io/metadata.name` selector.
    namespaces: namespace === undefined ? undefined : kplus.Namespaces.select(scope, `${id}-namespace`, { names: [namespace] }),
  });
}

/**
 * The web port of `web` as a NetworkPolicy port (TCP) of the line of `kplus`, for a rule that
 * admits clients.
 *
 * @param kplus the chart's cdk8s-plus module (`import * as kplus from 'cdk8s-plus-33'`)
 */
export function networkPolicyPort<Port>(kplus: Cdk8sPlusNetworkPolicy<Port>, web: InteropTarget): Port {
  return kplus.NetworkPolicyPort.tcp(web.port);
}
