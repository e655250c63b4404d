// The shared helpers and fixtures of the tests: charts of one StatefulWeb, synthesized manifests,
// synth-time errors. (main.ts's WEB_EXAMPLE_PROPS is the example the tests make variants of.)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { StatefulWeb, StatefulWebProps } from '../lib';
import { validateManifests } from './schema';

/** A synthesized Kubernetes object, as plain JSON. */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; [key: string]: any }; [key: string]: any };

/**
 * Synthesizes a chart (validations, and so every StatefulWeb rule, included) into plain objects,
 * in apply order, and fails if any object breaks the Kubernetes schema or has a field the schema
 * does not define (test/schema.ts): so every test that synthesizes through here also proves its
 * objects valid.
 */
export function synth(chart: Chart): Manifest[] {
  const manifests = Testing.synth(chart) as Manifest[];
  validateManifests(manifests);
  return manifests;
}

/** The one object of `kind` among `manifests`; fails if there is none or more than one. */
export function onlyOfKind(manifests: Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}, found ${found.length}: ${manifests.map((m) => m.kind).join(', ')}`);
  }
  return found[0];
}

/** The StatefulSet and the Service of a chart that holds one StatefulWeb. */
export function statefulWebObjects(chart: Chart) {
  const manifests = synth(chart);
  const statefulSet = onlyOfKind(manifests, 'StatefulSet');
  return {
    manifests,
    service: onlyOfKind(manifests, 'Service'),
    statefulSet,
    podSpec: statefulSet.spec.template.spec,
    container: statefulSet.spec.template.spec.containers[0],
    claimTemplate: statefulSet.spec.volumeClaimTemplates[0],
  };
}

/** A chart `test` (in `namespace`, if given) holding one StatefulWeb with id `web` made from `props`. */
export function chartWith(props: StatefulWebProps, namespace?: string) {
  const chart = new Chart(Testing.app(), 'test', { namespace });
  const web = new StatefulWeb(chart, 'web', props);
  return { chart, web };
}

const PREFIX = 'Validation failed with the following errors:\n  ';

/**
 * The validation errors that synthesizing `chart` reports, each as `[<construct path>] <message>`;
 * none if it synthesizes. Any other error is rethrown.
 */
export function synthErrors(chart: Chart): string[] {
  try {
    Testing.synth(chart);
  } catch (error) {
    const message = (error as Error).message;
    if (!message.startsWith(PREFIX)) throw error;
    return message.slice(PREFIX.length).split('\n  ');
  }
  return [];
}

/**
 * A maker of temporary folders named `<prefix>XXXXXX`, each removed after the test file's tests
 * (call it at the top level of a file or a describe block, where it registers its afterAll).
 */
export function temporaryFolders(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
