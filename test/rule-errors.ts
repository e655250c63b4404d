// Helpers for tests of the synth-time rules.
import { Chart, Testing } from 'cdk8s';
import { StatefulWeb } from '../lib';
import { checkRenderedStatefulWeb } from '../lib/stateful-web-rules';

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
 * Every rule on every StatefulWeb of `chart`, as `[<construct path>] <message>`; none if all pass.
 * Synthesis runs the rules only on a StatefulWeb whose objects an escape hatch patched, because what
 * StatefulWeb builds meets them by construction: this is where the tests hold it to that.
 */
export function ruleErrorsOfEveryStatefulWeb(chart: Chart): string[] {
  return chart.node.findAll()
    .filter((construct): construct is StatefulWeb => construct instanceof StatefulWeb)
    .flatMap((web) => checkRenderedStatefulWeb(web).map((message) => `[${web.node.path}] ${message}`));
}
