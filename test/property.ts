// The invariant of the property tests, for one generated case (test/arbitraries.ts): either
// StatefulWeb refuses the case with an error in the house format, or the objects it synthesizes
// are valid under the strict 1.28 schema (test/schema.ts) and the API server's other rules
// (test/api-rules.ts), the pod template meets the restricted Pod Security Standard (but for the
// checks it exempts), the selectors select exactly the set's pods, and a second synthesis gives
// the same output. test/property.test.ts runs it in npm test; test/cluster/property.cluster.test.ts
// uses its refusal check beside the API server.
import { App, Chart, Testing } from 'cdk8s';
import { StatefulWeb } from '../lib';
import { checkPodSecurity, parseExemptions, PSS_EXEMPT_ANNOTATION } from '../lib/validation/pod-security';
import { apiRuleErrors } from './api-rules';
import { buildCase, GeneratedCase } from './arbitraries';
import { Manifest, onlyOfKind } from './helpers';
import { validateManifests } from './schema';

export type Outcome =
  { readonly refused: unknown } | { readonly objects: Manifest[]; readonly again: Manifest[]; readonly labels?: object };

/** Makes the case's StatefulWeb and synthesizes it twice, or says how it was refused. */
export function attempt(generated: GeneratedCase): Outcome {
  try {
    const { props, extend } = buildCase(generated);
    // An App that writes nothing: Testing.app() would make a temporary folder for every case.
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'property');
    extend(new StatefulWeb(chart, 'web', props));
    const objects = Testing.synth(chart) as Manifest[];
    return { objects, again: Testing.synth(chart) as Manifest[], labels: props.labels };
  } catch (error) {
    return { refused: error };
  }
}

/** A prop or argument error: `StatefulWeb "<path>": invalid ...`, `<Class>.<method>: invalid ...`, `ManifestApp: invalid ...`. */
const HOUSE = /^(StatefulWeb "[^"]+"|[A-Z][A-Za-z]+\.[a-z][A-Za-z]+|ManifestApp): invalid \S[^]*\.$/;
export const SYNTH = 'Validation failed with the following errors:\n  ';
// What synthesis alone refuses in a case without escape hatches: the Pod Security checks (which
// read the pod annotations) and the exemption annotation written through metadataAnnotations.
const SYNTH_LINE =
  /^\[property\/web\] (The pod template must meet the (baseline|restricted) Pod Security Standard, check \w+: |The annotation stateful-web\.cdk8s\.io\/pss-exempt of the StatefulSet must list )/;

/** Throws unless `error` is a refusal in the house format (never a TypeError or another class of error). */
export function checkRefusal(error: unknown): 'prop' | 'synth' {
  if (!(error instanceof Error) || error.constructor !== Error) {
    throw new Error(
      `refused with something other than an Error of the house format: ${error instanceof Error ? error.stack : String(error)}`,
    );
  }
  if (error.message.startsWith(SYNTH)) {
    const bad = error.message
      .slice(SYNTH.length)
      .split('\n  ')
      .filter((line) => !SYNTH_LINE.test(line));
    if (bad.length > 0) throw new Error(`synthesis refused the case with an unexpected error:\n${bad.join('\n')}`);
    return 'synth';
  }
  if (!HOUSE.test(error.message)) throw new Error(`refused with a message that is not in the house format:\n${error.message}`);
  return 'prop';
}

/** Throws unless the objects of an accepted case are valid and select exactly the set's pods. */
export function checkAccepted(objects: Manifest[], again: Manifest[], labels: object | undefined): void {
  validateManifests(objects);
  const ruleErrors = apiRuleErrors(objects);
  if (ruleErrors.length > 0) throw new Error(`objects that the API server refuses:\n${ruleErrors.join('\n')}`);
  const sts = onlyOfKind(objects, 'StatefulSet');
  const exempt = parseExemptions(sts.metadata.annotations?.[PSS_EXEMPT_ANNOTATION]).exempt;
  const pss = checkPodSecurity(sts.spec.template, exempt);
  if (pss.length > 0) throw new Error(`a pod template that breaks the restricted Pod Security Standard:\n${pss.join('\n')}`);
  // The selector invariant: the labels select the pods, for every object that selects them.
  const selector = labels ?? { app: sts.metadata.name };
  const selecting: Array<[string, unknown]> = [
    ['the StatefulSet', sts.spec.selector.matchLabels],
    ...objects.filter((o) => o.kind === 'Service').map((s): [string, unknown] => [`the Service ${s.metadata.name}`, s.spec.selector]),
    ...objects
      .filter((o) => o.kind === 'PodDisruptionBudget')
      .map((p): [string, unknown] => ['the PodDisruptionBudget', p.spec.selector.matchLabels]),
    ...objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .map((n): [string, unknown] => ['the NetworkPolicy', n.spec.podSelector.matchLabels]),
  ];
  // Equal as maps: synthesis writes keys in its own order.
  const sorted = (map: unknown) => JSON.stringify(Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const [who, selects] of selecting) {
    if (sorted(selects) !== sorted(selector)) throw new Error(`${who} selects ${JSON.stringify(selects)}, not ${JSON.stringify(selector)}`);
  }
  const podLabels = sts.spec.template.metadata.labels;
  for (const [key, value] of Object.entries(selector)) {
    if (podLabels[key] !== value)
      throw new Error(`the pod template's labels ${JSON.stringify(podLabels)} lack the selector's ${key}: ${value}`);
  }
  if (JSON.stringify(again) !== JSON.stringify(objects)) throw new Error('a second synthesis gave other objects');
}

/**
 * The invariant, for one case: refused in the house format, or accepted with valid objects. A
 * case with a value of a wrong kind or a misspelt key must be refused. Returns how it ended.
 */
export function judge(generated: GeneratedCase): 'accepted' | 'prop' | 'synth' {
  const outcome = attempt(generated);
  if ('refused' in outcome) return checkRefusal(outcome.refused);
  const mustRefuse = generated.faults.filter((f) => f.startsWith('wrong type') || f.startsWith('misspelt'));
  if (mustRefuse.length > 0) throw new Error(`accepted, though it has ${mustRefuse.join(' and ')}`);
  checkAccepted(outcome.objects, outcome.again, outcome.labels);
  return 'accepted';
}
