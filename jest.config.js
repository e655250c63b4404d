// Tests run TypeScript through SWC (@swc/jest), which strips types without checking them:
// `npm run typecheck` (tsc --noEmit) does the checking, in CI and in `npm test`.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  // test/cluster/ needs a running cluster: `npm run test:cluster` runs it (test/cluster/jest.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/build/', '<rootDir>/test/cluster/'],
  modulePathIgnorePatterns: ['<rootDir>/build/'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // A worker per core: Jest's default keeps one core for its parent process, which has little to do.
  maxWorkers: '100%',
  testSequencer: '<rootDir>/test/slow-files-first.js',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: true,
      },
    ],
  },
};
