// ESLint (`npm run lint`): typescript-eslint's recommended type-checked rules, with the types of
// tsconfig.json (the compiler settings `npm run typecheck` uses), on the code written here: lib/,
// main.ts, examples/, scripts/, test/. Each departure from the recommended sets says why.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Written by tools, not by hand: imports/ by `cdk8s import`, dist/ by the synth, build/ by tsc
  // and jsii, .cluster/ by `npm run cluster:up`, the staging folders by an interrupted synth.
  globalIgnores(['imports/', 'dist/', 'build/', 'coverage/', '.cluster/', '.dist-staging-*/']),

  // A `// eslint-disable` comment that no longer disables anything is an error, so that none
  // outlives its reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // tsc reports unused locals and parameters already (noUnusedLocals, noUnusedParameters in
      // tsconfig.json), with the language's own exceptions (`_`-prefixed parameters, the siblings
      // of a rest element that a destructuring leaves out): one check, in one place.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },

  {
    // The tests read synthesized manifests, parsed YAML and the API server's answers: plain JSON,
    // typed `any` (test/helpers.ts's Manifest), whose shape the assertions themselves check. The
    // rules against `any` would want a cast at each step into that JSON and check nothing more.
    // (The library, main.ts, examples/ and scripts/ keep them.)
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // The JavaScript files (Jest's configuration, reporter and sequencer, the consumer tests'
  // runners, two CI scripts) are CommonJS for Node and outside tsconfig.json: ESLint's own
  // recommended rules, with Node's globals.
  {
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
);
