// The rules that the API server, kubectl and the usual linters (kubeconform, kube-linter, the
// PodSecurity admission controller) apply to a StatefulWeb's objects, checked at synth time on the
// rendered JSON, so that escape-hatch edits (JSON patches), resolvers and props that write
// annotations by hand (podAnnotations, metadataAnnotations) are checked as well. They run on every
// StatefulWeb, in every app.
//
// Synthesis validates every StatefulWeb, so the checks read each object's JSON once and stay
// linear in the size of the objects: no chart-wide search unless `serviceName` names a Service
// other than the StatefulWeb's own.
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DNS1035_LABEL_RULE, DNS1123_LABEL_RULE, IANA_SVC_NAME_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE, NameRule, STATEFULSET_NAME_RULE } from './names';
import { checkPodSecurity, parseExemptions, PSS_EXEMPT_ANNOTATION, unknownExemptionMessage } from './pod-security';
import { quantityValue } from '../quantities';
import { list, show } from './show';

/** What a rule's check reads: the rendered objects of one StatefulWeb, and their parts that several rules read. */
export interface RuleContext {
  readonly objects: RenderedStatefulWeb;
  readonly statefulSet: any;
  /** The StatefulSet's spec, its pod template and the template's spec, labels and the selector (`{}` when missing). */
  readonly spec: any;
  readonly template: any;
  readonly podSpec: any;
  readonly templateLabels: { [key: string]: string };
  readonly selector: any;
  readonly matchLabels: { [key: string]: string };
  readonly headless: any;
  /** The containers; with the init containers first in `allContainers` (they mount volumes, but serve no Service port). */
  readonly containers: any[];
  readonly allContainers: any[];
  readonly claimTemplates: any[];
  readonly volumes: any[];
  /** The Services of the StatefulWeb and how messages name them: the headless one, then the client one if any. */
  readonly services: ReadonlyArray<{ readonly service: any; readonly who: string }>;
}

/** A synth-time rule: its id, its message (what it requires, in words), and its check, which calls `fail` for each thing that breaks it. */
export interface Rule {
  readonly id: string;
  readonly message: string;
  /** Absent for a rule of the whole app, which lib/validation/identities.ts checks once per synthesis. */
  readonly check?: (context: RuleContext, fail: (found: string) => void) => void;
}

/**
 * The synth-time rules, one record each, checked in this order; each error message is the rule's
 * message, then `Found: <what breaks it>.` docs/validation.md lists them (npm run docs writes the
 * list). Adding a rule means adding a record here (CONTRIBUTING.md has an example).
 */
export const RULES: readonly Rule[] = [
  {
    id: 'selectorMatchesTemplate',
    message: "The StatefulSet's spec.selector must not be empty and must match the labels of its pod template (spec.template.metadata.labels).",
    check: ({ selector, templateLabels }, fail) => {
      const mismatch = selectorMismatch(selector, templateLabels);
      if (mismatch !== undefined) fail(mismatch);
    },
  },
  {
    id: 'serviceSelectsPods',
    message: "Every Service of a StatefulWeb must select exactly the StatefulSet's pods: its spec.selector must hold every label of the StatefulSet's spec.selector.matchLabels, and only labels of the pod template.",
    check: ({ services, matchLabels, templateLabels }, fail) => {
      for (const { service, who } of services) checkServiceSelector(fail, who, service.spec?.selector, matchLabels, templateLabels);
    },
  },
  {
    id: 'portsAgree',
    message: 'Every Service port must agree with a container port in number and name: its targetPort (by default its port) must be the containerPort or the name of a port of a container, and both ports must have the same name.',
    check: ({ services, containers }, fail) => {
      for (const { service, who } of services) checkServicePorts(fail, who, service.spec?.ports, containers);
    },
  },
  {
    id: 'servicePortsUnique',
    message: 'The ports of a Service must have unique names and unique numbers.',
    check: ({ services }, fail) => {
      for (const { service, who } of services) checkServicePortsUnique(fail, who, service.spec?.ports);
    },
  },
  {
    id: 'serviceNameHeadless',
    message: "The StatefulSet's spec.serviceName must name a headless Service (spec.clusterIP: None) of the same chart and namespace.",
    check: ({ objects, statefulSet, spec, headless }, fail) => {
      const serviceName = spec.serviceName;
      const governing = serviceName === headless.metadata?.name ? headless : objects.findService(serviceName);
      if (governing === undefined) {
        fail(`serviceName ${show(serviceName)}, but the chart has no Service of that name`);
      } else if (governing.spec?.clusterIP !== 'None') {
        fail(`serviceName ${show(serviceName)} names a Service with clusterIP ${show(governing.spec?.clusterIP)}`);
      } else if ((governing.metadata?.namespace ?? undefined) !== (statefulSet.metadata?.namespace ?? undefined)) {
        fail(`serviceName ${show(serviceName)} names a Service in namespace ${show(governing.metadata?.namespace)}, the StatefulSet is in ${show(statefulSet.metadata?.namespace)}`);
      }
    },
  },
  {
    id: 'clientServiceSameAsHeadless',
    message: 'The client Service must select the same pods as the headless Service and expose the same ports (number and name).',
    check: ({ objects, headless }, fail) => {
      const client = objects.clientService;
      if (client === undefined) return;
      const who = `the client Service "${client.metadata?.name}"`;
      if (!sameLabels(client.spec?.selector, headless.spec?.selector)) {
        fail(`${who} selects ${showLabels(client.spec?.selector)}, the headless Service ${showLabels(headless.spec?.selector)}`);
      }
      const clientPorts = portList(client.spec?.ports);
      const headlessPorts = portList(headless.spec?.ports);
      if (clientPorts !== headlessPorts) fail(`${who} exposes ${clientPorts}, the headless Service ${headlessPorts}`);
    },
  },
  {
    id: 'podSelectorsMatch',
    message: "The PodDisruptionBudget's spec.selector and the NetworkPolicy's spec.podSelector must equal the StatefulSet's spec.selector, so that they apply to exactly its pods.",
    check: ({ objects, selector }, fail) => {
      const pdbSelector = objects.podDisruptionBudget?.spec?.selector;
      if (objects.podDisruptionBudget !== undefined && !sameSelector(pdbSelector, selector)) {
        fail(`the PodDisruptionBudget selects ${showSelector(pdbSelector)}, the StatefulSet ${showSelector(selector)}`);
      }
      const npSelector = objects.networkPolicy?.spec?.podSelector;
      if (objects.networkPolicy !== undefined && !sameSelector(npSelector, selector)) {
        fail(`the NetworkPolicy selects ${showSelector(npSelector)}, the StatefulSet ${showSelector(selector)}`);
      }
    },
  },
  {
    id: 'volumeNamesUnique',
    message: "The names of the pod's volumes and the StatefulSet's claim templates must be unique, and so must the paths a container mounts them at.",
    check: ({ allContainers, volumes, claimTemplates }, fail) => {
      for (const named of duplicates(volumeNamesOf(volumes, claimTemplates))) fail(`two volumes or claim templates named ${show(named)}`);
      for (const container of allContainers) {
        const paths = mountsOf([container]).map(({ mount, pathField }) => mount?.[pathField]);
        for (const path of duplicates(paths)) fail(`container ${show(container.name)} mounts two volumes at ${show(path)}`);
      }
    },
  },
  {
    id: 'volumeMountsResolve',
    message: 'Every volumeMount and volumeDevice of a container or init container must name a volume of the pod (spec.template.spec.volumes) or a claim template of the StatefulSet (spec.volumeClaimTemplates).',
    check: ({ allContainers, volumes, claimTemplates }, fail) => {
      const volumeNames = new Set(volumeNamesOf(volumes, claimTemplates));
      for (const { container, field, pathField, mount } of mountsOf(allContainers)) {
        if (!volumeNames.has(mount?.name)) {
          fail(`container ${show(container.name)} ${field} ${show(mount?.name)} at ${show(mount?.[pathField])}, but there is no volume or claim template of that name`);
        }
      }
    },
  },
  {
    id: 'claimTemplateStorage',
    message: 'Every claim template must request storage: spec.resources.requests.storage, a quantity greater than zero.',
    check: ({ claimTemplates }, fail) => {
      for (const t of claimTemplates) {
        const storage = t?.spec?.resources?.requests?.storage;
        if (!positiveQuantity(storage)) fail(`claim template ${show(t?.metadata?.name)} requests storage ${show(storage)}`);
      }
    },
  },
  {
    id: 'containerNamesUnique',
    message: "The names of the pod's containers and init containers must be unique.",
    check: ({ allContainers }, fail) => {
      for (const name of duplicates(allContainers.map((c) => c.name))) fail(`two containers named ${show(name)}`);
    },
  },
  {
    id: 'namesWithinLimits',
    message: "Every name must be within Kubernetes' limits.",
    check: (context, fail) => checkNames(context, fail),
  },
  {
    id: 'uniqueObjects',
    message: 'No two objects of an app may have the same API group, kind, namespace and name: applied together, the one applied last would replace the other.',
  },
];

/** The rules' messages, by id. */
export const STATEFUL_WEB_RULES = Object.fromEntries(RULES.map((rule) => [rule.id, rule.message])) as {
  readonly [id in 'selectorMatchesTemplate' | 'serviceSelectsPods' | 'serviceNameHeadless' | 'clientServiceSameAsHeadless' | 'podSelectorsMatch'
    | 'volumeMountsResolve' | 'volumeNamesUnique' | 'claimTemplateStorage' | 'containerNamesUnique' | 'servicePortsUnique' | 'portsAgree'
    | 'namesWithinLimits' | 'uniqueObjects']: string };

/** The rendered objects of one StatefulWeb, as plain JSON. */
export interface RenderedStatefulWeb {
  readonly statefulSet: any;
  readonly headlessService: any;
  readonly clientService?: any;
  readonly podDisruptionBudget?: any;
  readonly networkPolicy?: any;
  /** The JSON of another Service of the same chart, by name: called only when `serviceName` is not the headless Service's name. */
  findService(name: string): any | undefined;
}

/** The ApiObjects of a StatefulWeb (the construct itself fits). */
export interface StatefulWebObjects {
  readonly statefulSet: ApiObject;
  readonly service: ApiObject;
  readonly clientService?: ApiObject;
  readonly podDisruptionBudget?: ApiObject;
  readonly networkPolicy?: ApiObject;
}

/** The validation of `web` at synth time (`node.addValidation`): renders each object once and checks every rule. */
export function checkRenderedStatefulWeb(web: StatefulWebObjects & IConstruct): string[] {
  const headlessService = web.service.toJson();
  return checkStatefulWeb({
    statefulSet: web.statefulSet.toJson(),
    headlessService,
    clientService: web.clientService?.toJson(),
    podDisruptionBudget: web.podDisruptionBudget?.toJson(),
    networkPolicy: web.networkPolicy?.toJson(),
    findService: (name) => findService(Chart.of(web), name, [web.service, web.clientService]),
  });
}

/** Checks the rendered objects of one StatefulWeb against every rule, then Pod Security; returns one message per thing that breaks a rule. */
export function checkStatefulWeb(objects: RenderedStatefulWeb): string[] {
  const context = contextOf(objects);
  const errors: string[] = [];
  for (const rule of RULES) rule.check?.(context, (found) => errors.push(`${rule.message} Found: ${found}.`));
  // ---- Pod Security Standards
  const exempt = parseExemptionAnnotation(context.statefulSet, errors);
  for (const message of checkPodSecurity(context.template, exempt)) errors.push(message);
  return errors;
}

function contextOf(objects: RenderedStatefulWeb): RuleContext {
  const statefulSet = objects.statefulSet ?? {};
  const spec = statefulSet.spec ?? {};
  const template = spec.template ?? {};
  const podSpec = template.spec ?? {};
  const selector = spec.selector ?? {};
  const containers: any[] = list(podSpec.containers);
  const initContainers: any[] = list(podSpec.initContainers);
  const headless = objects.headlessService ?? {};
  const client = objects.clientService;
  return {
    objects, statefulSet, spec, template, podSpec, selector, headless, containers,
    templateLabels: template.metadata?.labels ?? {},
    matchLabels: selector.matchLabels ?? {},
    allContainers: initContainers.length === 0 ? containers : [...initContainers, ...containers],
    claimTemplates: list(spec.volumeClaimTemplates),
    volumes: list(podSpec.volumes),
    services: [
      { service: headless, who: `the headless Service "${headless.metadata?.name}"` },
      ...(client === undefined ? [] : [{ service: client, who: `the client Service "${client.metadata?.name}"` }]),
    ],
  };
}

/** The names of the pod's volumes, then of the claim templates. */
function volumeNamesOf(volumes: any[], claimTemplates: any[]): unknown[] {
  return [...volumes.map((v) => v?.name), ...claimTemplates.map((t) => t?.metadata?.name)];
}

/** Every volumeMount and volumeDevice of `containers`, with the field it is in and the field of its path. */
function mountsOf(containers: any[]) {
  const mounts: Array<{ container: any; field: 'volumeMounts' | 'volumeDevices'; pathField: 'mountPath' | 'devicePath'; mount: any }> = [];
  for (const container of containers) {
    for (const [field, pathField] of [['volumeMounts', 'mountPath'], ['volumeDevices', 'devicePath']] as const) {
      for (const mount of list(container[field])) mounts.push({ container, field, pathField, mount });
    }
  }
  return mounts;
}

/** The names of Kubernetes' limits (`namesWithinLimits`); `what` says what the value is, for the message (built only for a bad name). */
function checkNames(context: RuleContext, fail: (found: string) => void): void {
  const badName = (value: unknown, rule: NameRule, what: () => string) => {
    if (typeof value !== 'string' || !rule.test(value)) fail(`${what()} ${show(value)} is not ${rule.allowed}`);
  };
  const { statefulSet, headless, objects, allContainers, templateLabels } = context;
  badName(statefulSet.metadata?.name, STATEFULSET_NAME_RULE, () => "the StatefulSet's name");
  badName(headless.metadata?.name, DNS1035_LABEL_RULE, () => "the headless Service's name");
  if (objects.clientService !== undefined) badName(objects.clientService.metadata?.name, DNS1035_LABEL_RULE, () => "the client Service's name");
  for (const c of allContainers) {
    badName(c.name, DNS1123_LABEL_RULE, () => 'a container name');
    for (const p of list(c.ports)) if (p?.name !== undefined) badName(p.name, IANA_SVC_NAME_RULE, () => `container ${show(c.name)}'s port name`);
  }
  for (const named of new Set(volumeNamesOf(context.volumes, context.claimTemplates))) {
    badName(named, DNS1123_LABEL_RULE, () => 'a volume or claim template name');
  }
  for (const { service: s } of context.services) {
    for (const p of list(s?.spec?.ports)) if (p?.name !== undefined) badName(p.name, DNS1123_LABEL_RULE, () => `Service ${show(s.metadata?.name)}'s port name`);
  }
  for (const [key, value] of Object.entries(templateLabels)) {
    badName(key, LABEL_KEY_RULE, () => 'a pod template label key');
    badName(value, LABEL_VALUE_RULE, () => `the pod template label ${show(key)}'s value`);
  }
}

/**
 * Each value of `values` that an earlier one equals, once per later occurrence. The one test of
 * uniqueness, for the rules and for the checks of the props and the add* methods alike (a new
 * name is unique when `duplicates([...taken, name])` is empty).
 */
export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const found: T[] = [];
  for (const value of values) {
    if (seen.has(value)) found.push(value);
    seen.add(value);
  }
  return found;
}

/** Why `selector` does not select pods with `labels`, or undefined if it does. */
function selectorMismatch(selector: any, labels: { [key: string]: string }): string | undefined {
  const matchLabels = selector?.matchLabels ?? {};
  const expressions = list(selector?.matchExpressions);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return 'an empty selector, which selects nothing';
  for (const key in matchLabels) {
    if (labels[key] !== matchLabels[key]) {
      return `selector ${showSelector(selector)}, pod template labels ${showLabels(labels)}`;
    }
  }
  for (const e of expressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values = list(e?.values);
    const ok = e?.operator === 'In' ? has && values.includes(labels[e.key])
      : e?.operator === 'NotIn' ? !has || !values.includes(labels[e.key])
        : e?.operator === 'Exists' ? has
          : e?.operator === 'DoesNotExist' ? !has
            : false;
    if (!ok) return `selector ${showSelector(selector)}, pod template labels ${showLabels(labels)}`;
  }
  return undefined;
}

function checkServiceSelector(fail: (found: string) => void, who: string, serviceSelector: any,
  matchLabels: { [key: string]: string }, templateLabels: { [key: string]: string }): void {
  const selector: { [key: string]: string } = serviceSelector ?? {};
  let ok = Object.keys(selector).length > 0;
  for (const key in matchLabels) if (selector[key] !== matchLabels[key]) ok = false;
  for (const key in selector) if (templateLabels[key] !== selector[key]) ok = false;
  if (!ok) {
    fail(`${who} selects ${showLabels(selector)}, the StatefulSet's matchLabels are ${showLabels(matchLabels)} and its pod template labels ${showLabels(templateLabels)}`);
  }
}

function checkServicePorts(fail: (found: string) => void, who: string, ports: any, containers: any[]): void {
  for (const port of list(ports)) {
    const target = port?.targetPort ?? port?.port;
    let match: any;
    for (const c of containers) {
      for (const cp of list(c.ports)) {
        if (typeof target === 'number' ? cp?.containerPort === target : cp?.name === target) match = cp;
      }
    }
    if (match === undefined) {
      fail(`${who} port ${show(port?.name)} targets ${show(target)}, which no container port has`);
    } else if ((match.name ?? undefined) !== (port?.name ?? undefined)) {
      fail(`${who} port ${show(port?.name)} targets container port ${match.containerPort}, named ${show(match.name)}`);
    }
  }
}

function checkServicePortsUnique(fail: (found: string) => void, who: string, ports: any): void {
  const names = new Set<unknown>();
  const numbers = new Set<unknown>();
  for (const port of list(ports)) {
    if (names.has(port?.name)) fail(`${who} has two ports named ${show(port?.name)}`);
    if (numbers.has(port?.port)) fail(`${who} has two ports numbered ${show(port?.port)}`);
    names.add(port?.name);
    numbers.add(port?.port);
  }
}

/** Whether two label maps are equal. */
function sameLabels(a: any, b: any): boolean {
  const x = a ?? {};
  const y = b ?? {};
  let count = 0;
  for (const key in x) {
    if (y[key] !== x[key]) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}

/** Whether two label selectors are equal (matchLabels equal, matchExpressions the same). */
function sameSelector(a: any, b: any): boolean {
  return sameLabels(a?.matchLabels, b?.matchLabels)
    && JSON.stringify(list(a?.matchExpressions)) === JSON.stringify(list(b?.matchExpressions));
}

/** A quantity greater than zero: a positive number, or a string like `1Gi` or `500M` (read as lib/quantities.ts reads quantities). */
function positiveQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value > 0;
  if (typeof value !== 'string') return false;
  const amount = quantityValue(value);
  return amount !== undefined && amount.numerator > BigInt(0);
}

function findService(chart: Chart, name: string, own: Array<ApiObject | undefined>): any | undefined {
  for (const construct of chart.node.findAll()) {
    if (construct instanceof ApiObject && construct.kind === 'Service' && !own.includes(construct) && Chart.of(construct) === chart) {
      const json = construct.toJson();
      if (json?.metadata?.name === name) return json;
    }
  }
  return undefined;
}

function portList(ports: any): string {
  return list(ports).map((p) => `${p?.port}/${p?.name ?? ''}`).join(', ');
}

function showLabels(labels: any): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : show(v)}`).join(', ')}}`;
}

function showSelector(selector: any): string {
  const expressions = list(selector?.matchExpressions)
    .map((e) => `${e?.key} ${e?.operator}${e?.values ? ` (${list(e.values).join(', ')})` : ''}`);
  return expressions.length === 0 ? showLabels(selector?.matchLabels)
    : `${showLabels(selector?.matchLabels)} and ${expressions.join(', ')}`;
}


/** The checks that the StatefulSet's exemption annotation exempts; an error in `errors` for each id in it that is not a check. */
function parseExemptionAnnotation(statefulSet: any, errors: string[]): Set<string> {
  const exemptions = parseExemptions(statefulSet?.metadata?.annotations?.[PSS_EXEMPT_ANNOTATION]);
  if (exemptions.unknown.length > 0) errors.push(unknownExemptionMessage(exemptions.unknown));
  return exemptions.exempt;
}
