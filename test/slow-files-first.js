// Jest's test order: the slowest files first when it knows their durations from its cache, by
// file size otherwise, as in every cold run (CI). The files below start processes (the synth
// script, validate-dist, the synth script in another folder) and take longest: they go first, so
// that the other workers' files run beside them rather than after them.
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const SLOWEST = ['synth-script.test.ts', 'validate-dist.test.ts', 'determinism.test.ts'];

class SlowFilesFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = SLOWEST.indexOf(path.basename(test.path));
      return index === -1 ? SLOWEST.length : index;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b)); // stable: Jest's order otherwise
  }
}

module.exports = SlowFilesFirst;
