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
import { list, show } from './show';

/**
 * The rules, in words. Each error message is one of these, then `Found: <what breaks it>.`
 * docs/validation.md lists them (npm run docs writes the list).
 */
export const STATEFUL_WEB_RULES = {
  selectorMatchesTemplate: "The StatefulSet's spec.selector must not be empty and must match the labels of its pod template (spec.template.metadata.labels).",
  serviceSelectsPods: "Every Service of a StatefulWeb must select exactly the StatefulSet's pods: its spec.selector must hold every label of the StatefulSet's spec.selector.matchLabels, and only labels of the pod template.",
  serviceNameHeadless: "The StatefulSet's spec.serviceName must name a headless Service (spec.clusterIP: None) of the same chart and namespace.",
  clientServiceSameAsHeadless: 'The client Service must select the same pods as the headless Service and expose the same ports (number and name).',
  podSelectorsMatch: "The PodDisruptionBudget's spec.selector and the NetworkPolicy's spec.podSelector must equal the StatefulSet's spec.selector, so that they apply to exactly its pods.",
  volumeMountsResolve: 'Every volumeMount and volumeDevice of a container or init container must name a volume of the pod (spec.template.spec.volumes) or a claim template of the StatefulSet (spec.volumeClaimTemplates).',
  volumeNamesUnique: "The names of the pod's volumes and the StatefulSet's claim templates must be unique, and so must the paths a container mounts them at.",
  claimTemplateStorage: 'Every claim template must request storage: spec.resources.requests.storage, a quantity greater than zero.',
  containerNamesUnique: "The names of the pod's containers and init containers must be unique.",
  servicePortsUnique: 'The ports of a Service must have unique names and unique numbers.',
  portsAgree: 'Every Service port must agree with a container port in number and name: its targetPort (by default its port) must be the containerPort or the name of a port of a container, and both ports must have the same name.',
  namesWithinLimits: "Every name must be within Kubernetes' limits.",
  uniqueObjects: 'No two objects of an app may have the same API group, kind, namespace and name: applied together, the one applied last would replace the other.',
} as const;

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

/** Checks the rendered objects of one StatefulWeb; returns one message per broken rule. */
export function checkStatefulWeb(objects: RenderedStatefulWeb): string[] {
  const errors: string[] = [];
  const fail = (rule: string, found: string) => errors.push(`${rule} Found: ${found}.`);
  const sts = objects.statefulSet ?? {};
  const spec = sts.spec ?? {};
  const template = spec.template ?? {};
  const podSpec = template.spec ?? {};
  const templateLabels: { [key: string]: string } = template.metadata?.labels ?? {};
  const selector = spec.selector ?? {};
  const matchLabels: { [key: string]: string } = selector.matchLabels ?? {};
  const containers: any[] = list(podSpec.containers);
  // Init containers run before the others: they mount volumes, but serve no Service port.
  const initContainers: any[] = list(podSpec.initContainers);
  const allContainers = initContainers.length === 0 ? containers : [...initContainers, ...containers];
  const claimTemplates: any[] = list(spec.volumeClaimTemplates);
  const volumes: any[] = list(podSpec.volumes);

  // ---- selector and pod template
  const mismatch = selectorMismatch(selector, templateLabels);
  if (mismatch !== undefined) fail(STATEFUL_WEB_RULES.selectorMatchesTemplate, mismatch);

  // ---- Services
  const headless = objects.headlessService ?? {};
  checkServiceSelector(fail, `the headless Service "${headless.metadata?.name}"`, headless.spec?.selector, matchLabels, templateLabels);
  checkServicePorts(fail, `the headless Service "${headless.metadata?.name}"`, headless.spec?.ports, containers);
  checkServicePortsUnique(fail, `the headless Service "${headless.metadata?.name}"`, headless.spec?.ports);
  const serviceName = spec.serviceName;
  const governing = serviceName === headless.metadata?.name ? headless : objects.findService(serviceName);
  if (governing === undefined) {
    fail(STATEFUL_WEB_RULES.serviceNameHeadless, `serviceName ${show(serviceName)}, but the chart has no Service of that name`);
  } else if (governing.spec?.clusterIP !== 'None') {
    fail(STATEFUL_WEB_RULES.serviceNameHeadless, `serviceName ${show(serviceName)} names a Service with clusterIP ${show(governing.spec?.clusterIP)}`);
  } else if ((governing.metadata?.namespace ?? undefined) !== (sts.metadata?.namespace ?? undefined)) {
    fail(STATEFUL_WEB_RULES.serviceNameHeadless,
      `serviceName ${show(serviceName)} names a Service in namespace ${show(governing.metadata?.namespace)}, the StatefulSet is in ${show(sts.metadata?.namespace)}`);
  }
  const client = objects.clientService;
  if (client !== undefined) {
    const who = `the client Service "${client.metadata?.name}"`;
    checkServiceSelector(fail, who, client.spec?.selector, matchLabels, templateLabels);
    checkServicePorts(fail, who, client.spec?.ports, containers);
    checkServicePortsUnique(fail, who, client.spec?.ports);
    if (!sameLabels(client.spec?.selector, headless.spec?.selector)) {
      fail(STATEFUL_WEB_RULES.clientServiceSameAsHeadless,
        `${who} selects ${showLabels(client.spec?.selector)}, the headless Service ${showLabels(headless.spec?.selector)}`);
    }
    const clientPorts = portList(client.spec?.ports);
    const headlessPorts = portList(headless.spec?.ports);
    if (clientPorts !== headlessPorts) {
      fail(STATEFUL_WEB_RULES.clientServiceSameAsHeadless, `${who} exposes ${clientPorts}, the headless Service ${headlessPorts}`);
    }
  }

  // ---- PodDisruptionBudget and NetworkPolicy
  const pdbSelector = objects.podDisruptionBudget?.spec?.selector;
  if (objects.podDisruptionBudget !== undefined && !sameSelector(pdbSelector, selector)) {
    fail(STATEFUL_WEB_RULES.podSelectorsMatch,
      `the PodDisruptionBudget selects ${showSelector(pdbSelector)}, the StatefulSet ${showSelector(selector)}`);
  }
  const npSelector = objects.networkPolicy?.spec?.podSelector;
  if (objects.networkPolicy !== undefined && !sameSelector(npSelector, selector)) {
    fail(STATEFUL_WEB_RULES.podSelectorsMatch,
      `the NetworkPolicy selects ${showSelector(npSelector)}, the StatefulSet ${showSelector(selector)}`);
  }

  // ---- volumes
  const volumeNames = new Set<string>();
  for (const named of [...volumes.map((v) => v?.name), ...claimTemplates.map((t) => t?.metadata?.name)]) {
    if (volumeNames.has(named)) fail(STATEFUL_WEB_RULES.volumeNamesUnique, `two volumes or claim templates named ${show(named)}`);
    volumeNames.add(named);
  }
  for (const c of allContainers) {
    const paths = new Set<string>();
    for (const [field, pathField] of [['volumeMounts', 'mountPath'], ['volumeDevices', 'devicePath']] as const) {
      for (const mount of list(c[field])) {
        if (!volumeNames.has(mount?.name)) {
          fail(STATEFUL_WEB_RULES.volumeMountsResolve,
            `container ${show(c.name)} ${field} ${show(mount?.name)} at ${show(mount?.[pathField])}, but there is no volume or claim template of that name`);
        }
        const path = mount?.[pathField];
        if (paths.has(path)) fail(STATEFUL_WEB_RULES.volumeNamesUnique, `container ${show(c.name)} mounts two volumes at ${show(path)}`);
        paths.add(path);
      }
    }
  }
  for (const t of claimTemplates) {
    const storage = t?.spec?.resources?.requests?.storage;
    if (!positiveQuantity(storage)) {
      fail(STATEFUL_WEB_RULES.claimTemplateStorage, `claim template ${show(t?.metadata?.name)} requests storage ${show(storage)}`);
    }
  }

  // ---- names (`what` says what the value is, for the message; built only for a bad name)
  const badName = (value: unknown, rule: NameRule, what: () => string) => {
    if (typeof value !== 'string' || !rule.test(value)) fail(STATEFUL_WEB_RULES.namesWithinLimits, `${what()} ${show(value)} is not ${rule.allowed}`);
  };
  badName(sts.metadata?.name, STATEFULSET_NAME_RULE, () => "the StatefulSet's name");
  badName(headless.metadata?.name, DNS1035_LABEL_RULE, () => "the headless Service's name");
  if (client !== undefined) badName(client.metadata?.name, DNS1035_LABEL_RULE, () => "the client Service's name");
  const containerNames = new Set<string>();
  for (const c of allContainers) {
    if (containerNames.has(c.name)) fail(STATEFUL_WEB_RULES.containerNamesUnique, `two containers named ${show(c.name)}`);
    containerNames.add(c.name);
  }
  for (const c of allContainers) {
    badName(c.name, DNS1123_LABEL_RULE, () => 'a container name');
    for (const p of list(c.ports)) if (p?.name !== undefined) badName(p.name, IANA_SVC_NAME_RULE, () => `container ${show(c.name)}'s port name`);
  }
  for (const named of volumeNames) badName(named, DNS1123_LABEL_RULE, () => 'a volume or claim template name');
  for (const s of [headless, client]) {
    for (const p of list(s?.spec?.ports)) if (p?.name !== undefined) badName(p.name, DNS1123_LABEL_RULE, () => `Service ${show(s.metadata?.name)}'s port name`);
  }
  for (const [key, value] of Object.entries(templateLabels)) {
    badName(key, LABEL_KEY_RULE, () => 'a pod template label key');
    badName(value, LABEL_VALUE_RULE, () => `the pod template label ${show(key)}'s value`);
  }

  // ---- Pod Security Standards
  const exempt = parseExemptionAnnotation(sts, errors);
  for (const message of checkPodSecurity(template, exempt)) errors.push(message);
  return errors;
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

function checkServiceSelector(fail: (rule: string, found: string) => void, who: string, serviceSelector: any,
  matchLabels: { [key: string]: string }, templateLabels: { [key: string]: string }): void {
  const selector: { [key: string]: string } = serviceSelector ?? {};
  let ok = Object.keys(selector).length > 0;
  for (const key in matchLabels) if (selector[key] !== matchLabels[key]) ok = false;
  for (const key in selector) if (templateLabels[key] !== selector[key]) ok = false;
  if (!ok) {
    fail(STATEFUL_WEB_RULES.serviceSelectsPods,
      `${who} selects ${showLabels(selector)}, the StatefulSet's matchLabels are ${showLabels(matchLabels)} and its pod template labels ${showLabels(templateLabels)}`);
  }
}

function checkServicePorts(fail: (rule: string, found: string) => void, who: string, ports: any, containers: any[]): void {
  for (const port of list(ports)) {
    const target = port?.targetPort ?? port?.port;
    let match: any;
    for (const c of containers) {
      for (const cp of list(c.ports)) {
        if (typeof target === 'number' ? cp?.containerPort === target : cp?.name === target) match = cp;
      }
    }
    if (match === undefined) {
      fail(STATEFUL_WEB_RULES.portsAgree, `${who} port ${show(port?.name)} targets ${show(target)}, which no container port has`);
    } else if ((match.name ?? undefined) !== (port?.name ?? undefined)) {
      fail(STATEFUL_WEB_RULES.portsAgree,
        `${who} port ${show(port?.name)} targets container port ${match.containerPort}, named ${show(match.name)}`);
    }
  }
}

function checkServicePortsUnique(fail: (rule: string, found: string) => void, who: string, ports: any): void {
  const names = new Set<unknown>();
  const numbers = new Set<unknown>();
  for (const port of list(ports)) {
    if (names.has(port?.name)) fail(STATEFUL_WEB_RULES.servicePortsUnique, `${who} has two ports named ${show(port?.name)}`);
    if (numbers.has(port?.port)) fail(STATEFUL_WEB_RULES.servicePortsUnique, `${who} has two ports numbered ${show(port?.port)}`);
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

/** A quantity greater than zero: a positive number, or a string like `1Gi` or `500M`. */
function positiveQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value > 0;
  if (typeof value !== 'string') return false;
  const match = QUANTITY.exec(value);
  return match !== null && Number(match[1]) > 0;
}

// The syntax of a Kubernetes quantity (k8s.io/apimachinery/pkg/api/resource): a number, then a
// binary (Ki..Ei), decimal SI (n, u, m, k, M..E) or exponent (e3) suffix.
const QUANTITY = /^\+?((?:\d+(?:\.\d*)?|\.\d+))(?:[KMGTPE]i|[numkMGTPE]|[eE][-+]?\d+)?$/;

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
