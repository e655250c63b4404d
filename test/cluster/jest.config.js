// `npm run test:cluster` (scripts/cluster/test.sh): the tests against the real control plane.
// The same transform as `npm test` (jest.config.js), which leaves this folder out.
const base = require('../../jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/cluster/**/*.cluster.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Jest's file map covers this folder only: .cluster/ holds the real nodes' container root
  // filesystems and volumes, tens of thousands of files that are no test's business.
  roots: ['<rootDir>/test/cluster'],
  testSequencer: undefined,
  // One file at a time: the files share one cluster, and each waits on it more than it computes.
  maxWorkers: 1,
  testTimeout: 600_000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
