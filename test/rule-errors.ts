// Helpers for tests of the synth-time rules.
import { Chart, Testing } from 'cdk8s';

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
