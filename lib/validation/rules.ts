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
import {
  DNS1035_LABEL_RULE,
  DNS1123_LABEL_RULE,
  IANA_SVC_NAME_RULE,
  LABEL_KEY_RULE,
  LABEL_VALUE_RULE,
  NameRule,
  STATEFULSET_NAME_RULE,
} from './names';
import { checkPodSecurity, parseExemptions, PSS_EXEMPT_ANNOTATION, unknownExemptionMessage } from './pod-security';
import { quantityValue } from '../quantities';
import { at, field, JsonFields, list, objectList, orEmpty, show } from './show';

/**
 * What a rule's check reads: the rendered objects of one StatefulWeb, and their parts that several
 * rules read, as plain JSON (lib/validation/show.ts reads it: `at`, `list`).
 */
export interface RuleContext {
  readonly objects: RenderedStatefulWeb;
  readonly statefulSet: JsonFields;
  /** The StatefulSet's spec, its pod template and the template's spec, labels and the selector (`{}` when missing). */
  readonly spec: JsonFields;
  readonly template: JsonFields;
  readonly podSpec: JsonFields;
  readonly templateLabels: JsonFields;
  readonly selector: JsonFields;
  readonly matchLabels: JsonFields;
  readonly headless: JsonFields;
  /** The containers; with the init containers first in `allContainers` (they mount volumes, but serve no Service port). */
  readonly containers: unknown[];
  readonly allContainers: unknown[];
  readonly claimTemplates: unknown[];
  readonly volumes: unknown[];
  /** The Services of the StatefulWeb and how messages name them: the headless one, then the client one if any. */
  readonly services: ReadonlyArray<{ readonly service: unknown; readonly who: string }>;
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
    message:
      "The StatefulSet's spec.selector must not be empty and must match the labels of its pod template (spec.template.metadata.labels).",
    check: ({ selector, templateLabels }, fail) => {
      const mismatch = selectorMismatch(selector, templateLabels);
      if (mismatch !== undefined) fail(mismatch);
    },
  },
  {
    id: 'serviceSelectsPods',
    message:
      "Every Service of a StatefulWeb must select exactly the StatefulSet's pods: its spec.selector must hold every label of the StatefulSet's spec.selector.matchLabels, and only labels of the pod template.",
    check: ({ services, matchLabels, templateLabels }, fail) => {
      for (const { service, who } of services)
        checkServiceSelector(fail, who, at(service, 'spec', 'selector'), matchLabels, templateLabels);
    },
  },
  {
    id: 'portsAgree',
    message:
      'Every Service port must agree with a container port in number and name: its targetPort (by default its port) must be the containerPort or the name of a port of a container, and both ports must have the same name.',
    check: ({ services, containers }, fail) => {
      for (const { service, who } of services) checkServicePorts(fail, who, at(service, 'spec', 'ports'), containers);
    },
  },
  {
    id: 'servicePortsUnique',
    message: 'The ports of a Service must have unique names and unique numbers.',
    check: ({ services }, fail) => {
      for (const { service, who } of services) checkServicePortsUnique(fail, who, at(service, 'spec', 'ports'));
    },
  },
  {
    id: 'serviceNameHeadless',
    message: "The StatefulSet's spec.serviceName must name a headless Service (spec.clusterIP: None) of the same chart and namespace.",
    check: ({ objects, statefulSet, spec, headless }, fail) => {
      const serviceName = spec.serviceName;
      const governing = serviceName === at(headless, 'metadata', 'name') ? headless : objects.findService(serviceName);
      if (governing === undefined) {
        fail(`serviceName ${show(serviceName)}, but the chart has no Service of that name`);
      } else if (at(field(governing, 'spec'), 'clusterIP') !== 'None') {
        fail(`serviceName ${show(serviceName)} names a Service with clusterIP ${show(at(governing, 'spec', 'clusterIP'))}`);
      } else if ((at(governing, 'metadata', 'namespace') ?? undefined) !== (at(statefulSet, 'metadata', 'namespace') ?? undefined)) {
        fail(
          `serviceName ${show(serviceName)} names a Service in namespace ${show(at(governing, 'metadata', 'namespace'))}, the StatefulSet is in ${show(at(statefulSet, 'metadata', 'namespace'))}`,
        );
      }
    },
  },
  {
    id: 'clientServiceSameAsHeadless',
    message: 'The client Service must select the same pods as the headless Service and expose the same ports (number and name).',
    check: ({ objects, headless }, fail) => {
      const client = objects.clientService;
      if (client === undefined) return;
      const who = `the client Service ${show(at(client, 'metadata', 'name'))}`;
      if (!sameLabels(at(client, 'spec', 'selector'), at(headless, 'spec', 'selector'))) {
        fail(
          `${who} selects ${showLabels(at(client, 'spec', 'selector'))}, the headless Service ${showLabels(at(headless, 'spec', 'selector'))}`,
        );
      }
      const clientPorts = portList(at(client, 'spec', 'ports'));
      const headlessPorts = portList(at(headless, 'spec', 'ports'));
      if (clientPorts !== headlessPorts) fail(`${who} exposes ${clientPorts}, the headless Service ${headlessPorts}`);
    },
  },
  {
    id: 'podSelectorsMatch',
    message:
      "The PodDisruptionBudget's spec.selector and the NetworkPolicy's spec.podSelector must equal the StatefulSet's spec.selector, so that they apply to exactly its pods.",
    check: ({ objects, selector }, fail) => {
      const pdbSelector = at(objects.podDisruptionBudget, 'spec', 'selector');
      if (objects.podDisruptionBudget !== undefined && !sameSelector(pdbSelector, selector)) {
        fail(`the PodDisruptionBudget selects ${showSelector(pdbSelector)}, the StatefulSet ${showSelector(selector)}`);
      }
      const npSelector = at(objects.networkPolicy, 'spec', 'podSelector');
      if (objects.networkPolicy !== undefined && !sameSelector(npSelector, selector)) {
        fail(`the NetworkPolicy selects ${showSelector(npSelector)}, the StatefulSet ${showSelector(selector)}`);
      }
    },
  },
  {
    id: 'volumeNamesUnique',
    message:
      "The names of the pod's volumes and the StatefulSet's claim templates must be unique, and so must the paths a container mounts them at.",
    check: ({ allContainers, volumes, claimTemplates }, fail) => {
      for (const named of duplicates(volumeNamesOf(volumes, claimTemplates))) fail(`two volumes or claim templates named ${show(named)}`);
      for (const container of allContainers) {
        const paths = mountsOf([container]).map(({ mount, pathField }) => at(mount, pathField));
        for (const path of duplicates(paths)) fail(`container ${show(field(container, 'name'))} mounts two volumes at ${show(path)}`);
      }
    },
  },
  {
    id: 'volumeMountsResolve',
    message:
      'Every volumeMount and volumeDevice of a container or init container must name a volume of the pod (spec.template.spec.volumes) or a claim template of the StatefulSet (spec.volumeClaimTemplates).',
    check: ({ allContainers, volumes, claimTemplates }, fail) => {
      const volumeNames = new Set(volumeNamesOf(volumes, claimTemplates));
      for (const { container, field: kind, pathField, mount } of mountsOf(allContainers)) {
        if (!volumeNames.has(at(mount, 'name'))) {
          fail(
            `container ${show(field(container, 'name'))} ${kind} ${show(at(mount, 'name'))} at ${show(at(mount, pathField))}, but there is no volume or claim template of that name`,
          );
        }
      }
    },
  },
  {
    id: 'claimTemplateStorage',
    message: 'Every claim template must request storage: spec.resources.requests.storage, a quantity greater than zero.',
    check: ({ claimTemplates }, fail) => {
      for (const t of claimTemplates) {
        const storage = at(t, 'spec', 'resources', 'requests', 'storage');
        if (!positiveQuantity(storage)) fail(`claim template ${show(at(t, 'metadata', 'name'))} requests storage ${show(storage)}`);
      }
    },
  },
  {
    id: 'containerNamesUnique',
    message: "The names of the pod's containers and init containers must be unique.",
    check: ({ allContainers }, fail) => {
      for (const name of duplicates(allContainers.map((c) => field(c, 'name')))) fail(`two containers named ${show(name)}`);
    },
  },
  {
    id: 'namesWithinLimits',
    message: "Every name must be within Kubernetes' limits.",
    check: (context, fail) => checkNames(context, fail),
  },
  {
    id: 'uniqueObjects',
    message:
      'No two objects of an app may have the same API group, kind, namespace and name: applied together, the one applied last would replace the other.',
  },
];

/** The rules' messages, by id. */
export const STATEFUL_WEB_RULES = Object.fromEntries(RULES.map((rule) => [rule.id, rule.message])) as {
  readonly [
    id in
      | 'selectorMatchesTemplate'
      | 'serviceSelectsPods'
      | 'serviceNameHeadless'
      | 'clientServiceSameAsHeadless'
      | 'podSelectorsMatch'
      | 'volumeMountsResolve'
      | 'volumeNamesUnique'
      | 'claimTemplateStorage'
      | 'containerNamesUnique'
      | 'servicePortsUnique'
      | 'portsAgree'
      | 'namesWithinLimits'
      | 'uniqueObjects'
  ]: string;
};

/** The rendered objects of one StatefulWeb, as plain JSON. */
export interface RenderedStatefulWeb {
  readonly statefulSet: unknown;
  readonly headlessService: unknown;
  readonly clientService?: unknown;
  readonly podDisruptionBudget?: unknown;
  readonly networkPolicy?: unknown;
  /** The JSON of another Service of the same chart, by name (the StatefulSet's `serviceName`, whatever it holds): called only when it is not the headless Service's name. */
  findService(name: unknown): unknown;
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
  const headlessService: unknown = web.service.toJson();
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
  const statefulSet = orEmpty(objects.statefulSet);
  const spec = orEmpty(statefulSet.spec);
  const template = orEmpty(spec.template);
  const podSpec = orEmpty(template.spec);
  const selector = orEmpty(spec.selector);
  const containers = objectList(podSpec.containers);
  const initContainers = objectList(podSpec.initContainers);
  const headless = orEmpty(objects.headlessService);
  const client = objects.clientService;
  return {
    objects,
    statefulSet,
    spec,
    template,
    podSpec,
    selector,
    headless,
    containers,
    templateLabels: orEmpty(at(template.metadata, 'labels')),
    matchLabels: orEmpty(selector.matchLabels),
    allContainers: initContainers.length === 0 ? containers : [...initContainers, ...containers],
    claimTemplates: list(spec.volumeClaimTemplates),
    volumes: list(podSpec.volumes),
    services: [
      { service: headless, who: `the headless Service ${show(at(headless.metadata, 'name'))}` },
      ...(client === undefined ? [] : [{ service: client, who: `the client Service ${show(at(field(client, 'metadata'), 'name'))}` }]),
    ],
  };
}

/** The names of the pod's volumes, then of the claim templates. */
function volumeNamesOf(volumes: unknown[], claimTemplates: unknown[]): unknown[] {
  return [...volumes.map((v) => at(v, 'name')), ...claimTemplates.map((t) => at(t, 'metadata', 'name'))];
}

/** Every volumeMount and volumeDevice of `containers`, with the field it is in and the field of its path. */
function mountsOf(containers: unknown[]) {
  const mounts: Array<{
    container: unknown;
    field: 'volumeMounts' | 'volumeDevices';
    pathField: 'mountPath' | 'devicePath';
    mount: unknown;
  }> = [];
  for (const container of containers) {
    for (const [kind, pathField] of [
      ['volumeMounts', 'mountPath'],
      ['volumeDevices', 'devicePath'],
    ] as const) {
      for (const mount of list(field(container, kind))) mounts.push({ container, field: kind, pathField, mount });
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
  badName(at(statefulSet.metadata, 'name'), STATEFULSET_NAME_RULE, () => "the StatefulSet's name");
  badName(at(headless.metadata, 'name'), DNS1035_LABEL_RULE, () => "the headless Service's name");
  if (objects.clientService !== undefined)
    badName(at(field(objects.clientService, 'metadata'), 'name'), DNS1035_LABEL_RULE, () => "the client Service's name");
  for (const c of allContainers) {
    badName(field(c, 'name'), DNS1123_LABEL_RULE, () => 'a container name');
    for (const p of list(field(c, 'ports')))
      if (at(p, 'name') !== undefined) badName(at(p, 'name'), IANA_SVC_NAME_RULE, () => `container ${show(field(c, 'name'))}'s port name`);
  }
  for (const named of new Set(volumeNamesOf(context.volumes, context.claimTemplates))) {
    badName(named, DNS1123_LABEL_RULE, () => 'a volume or claim template name');
  }
  for (const { service: s } of context.services) {
    for (const p of list(at(s, 'spec', 'ports')))
      if (at(p, 'name') !== undefined)
        badName(at(p, 'name'), DNS1123_LABEL_RULE, () => `Service ${show(at(s, 'metadata', 'name'))}'s port name`);
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
function selectorMismatch(selector: JsonFields, labels: JsonFields): string | undefined {
  const matchLabels = orEmpty(selector.matchLabels);
  const expressions = list(selector.matchExpressions);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return 'an empty selector, which selects nothing';
  for (const key in matchLabels) {
    if (labels[key] !== matchLabels[key]) {
      return `selector ${showSelector(selector)}, pod template labels ${showLabels(labels)}`;
    }
  }
  for (const e of expressions) {
    const key = String(at(e, 'key')); // as a property name
    const operator = at(e, 'operator');
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = list(at(e, 'values'));
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key])
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key])
          : operator === 'Exists'
            ? has
            : operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return `selector ${showSelector(selector)}, pod template labels ${showLabels(labels)}`;
  }
  return undefined;
}

function checkServiceSelector(
  fail: (found: string) => void,
  who: string,
  serviceSelector: unknown,
  matchLabels: JsonFields,
  templateLabels: JsonFields,
): void {
  const selector = orEmpty(serviceSelector);
  let ok = Object.keys(selector).length > 0;
  for (const key in matchLabels) if (selector[key] !== matchLabels[key]) ok = false;
  for (const key in selector) if (templateLabels[key] !== selector[key]) ok = false;
  if (!ok) {
    fail(
      `${who} selects ${showLabels(selector)}, the StatefulSet's matchLabels are ${showLabels(matchLabels)} and its pod template labels ${showLabels(templateLabels)}`,
    );
  }
}

function checkServicePorts(fail: (found: string) => void, who: string, ports: unknown, containers: unknown[]): void {
  for (const port of list(ports)) {
    const target = at(port, 'targetPort') ?? at(port, 'port');
    let match: unknown;
    for (const c of containers) {
      for (const cp of list(field(c, 'ports'))) {
        if (typeof target === 'number' ? at(cp, 'containerPort') === target : at(cp, 'name') === target) match = cp;
      }
    }
    if (match === undefined) {
      fail(`${who} port ${show(at(port, 'name'))} targets ${show(target)}, which no container port has`);
    } else if ((field(match, 'name') ?? undefined) !== (at(port, 'name') ?? undefined)) {
      fail(
        `${who} port ${show(at(port, 'name'))} targets container port ${show(field(match, 'containerPort'))}, named ${show(field(match, 'name'))}`,
      );
    }
  }
}

function checkServicePortsUnique(fail: (found: string) => void, who: string, ports: unknown): void {
  const names = new Set<unknown>();
  const numbers = new Set<unknown>();
  for (const port of list(ports)) {
    const name = at(port, 'name');
    const number = at(port, 'port');
    if (names.has(name)) fail(`${who} has two ports named ${show(name)}`);
    if (numbers.has(number)) fail(`${who} has two ports numbered ${show(number)}`);
    names.add(name);
    numbers.add(number);
  }
}

/** Whether two label maps are equal. */
function sameLabels(a: unknown, b: unknown): boolean {
  const x = orEmpty(a);
  const y = orEmpty(b);
  let count = 0;
  for (const key in x) {
    if (y[key] !== x[key]) return false;
    count++;
  }
  for (const _ in y) count--;
  return count === 0;
}

/** Whether two label selectors are equal (matchLabels equal, matchExpressions the same). */
function sameSelector(a: unknown, b: unknown): boolean {
  return (
    sameLabels(at(a, 'matchLabels'), at(b, 'matchLabels')) &&
    JSON.stringify(list(at(a, 'matchExpressions'))) === JSON.stringify(list(at(b, 'matchExpressions')))
  );
}

/** A quantity greater than zero: a positive number, or a string like `1Gi` or `500M` (read as lib/quantities.ts reads quantities). */
function positiveQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value > 0;
  if (typeof value !== 'string') return false;
  const amount = quantityValue(value);
  return amount !== undefined && amount.numerator > BigInt(0);
}

function findService(chart: Chart, name: unknown, own: Array<ApiObject | undefined>): unknown {
  for (const construct of chart.node.findAll()) {
    if (construct instanceof ApiObject && construct.kind === 'Service' && !own.includes(construct) && Chart.of(construct) === chart) {
      const json: unknown = construct.toJson();
      if (at(json, 'metadata', 'name') === name) return json;
    }
  }
  return undefined;
}

function portList(ports: unknown): string {
  return (
    list(ports)
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as a template literal wrote it: a name that is not a string (which the API refuses) as String() writes it
      .map((p) => `${String(at(p, 'port'))}/${String(at(p, 'name') ?? '')}`)
      .join(', ')
  );
}

function showLabels(labels: unknown): string {
  const entries = Object.entries(orEmpty(labels));
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : show(v)}`).join(', ')}}`;
}

function showSelector(selector: unknown): string {
  const expressions = list(at(selector, 'matchExpressions')).map(
    (e) => `${String(at(e, 'key'))} ${String(at(e, 'operator'))}${at(e, 'values') ? ` (${list(at(e, 'values')).join(', ')})` : ''}`,
  );
  return expressions.length === 0
    ? showLabels(at(selector, 'matchLabels'))
    : `${showLabels(at(selector, 'matchLabels'))} and ${expressions.join(', ')}`;
}

/** The checks that the StatefulSet's exemption annotation exempts; an error in `errors` for each id in it that is not a check. */
function parseExemptionAnnotation(statefulSet: JsonFields, errors: string[]): Set<string> {
  const exemptions = parseExemptions(at(statefulSet, 'metadata', 'annotations', PSS_EXEMPT_ANNOTATION));
  if (exemptions.unknown.length > 0) errors.push(unknownExemptionMessage(exemptions.unknown));
  return exemptions.exempt;
}
