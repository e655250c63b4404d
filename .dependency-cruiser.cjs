// The import graph of lib/ and scripts/ (npm run lint:deps, in CI): no cycles, and every import
// points down the layers of lib/ (CONTRIBUTING.md, "Layers"). A module may import modules of its
// own layer or of a lower one, never of a higher one; type-only imports count too.
//
// The layers, lowest first: each is a list of path patterns (a module is in the first that matches).
const LAYERS = [
  [
    'model',
    [
      '^imports/',
      '^lib/synth/(yaml|helm-text|manifest-files|upgrade-guard|environment)[.]ts$',
      '^lib/(quantities|manifest)[.]ts$',
      '^lib/validation/(show|names|once-per-synthesis)[.]ts$',
    ],
  ],
  ['checks', ['^lib/validation/(prop-checker|kinds|prop-kinds|pod-annotations)[.]ts$']],
  ['rules', ['^lib/validation/(rules|pod-security|identities)[.]ts$']],
  ['domain', ['^lib/(storage|availability|network-policy|rollout|scheduling|metadata|defaults|props)[.]ts$', '^lib/pod/']],
  ['construct', ['^lib/(resolve|render|stateful-web)[.]ts$', '^lib/interop/']],
  [
    'app',
    [
      '^lib/synth/(manifest-app|safe-synth|previous-output|cli-folders|apply-order|baseline-lock|cluster-baseline|refusal-exit)[.]ts$',
      '^lib/index[.]ts$',
    ],
  ],
];

const pathsOf = (layers) => layers.flatMap(([, paths]) => paths);

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle of imports: modules that need each other are one module, or one of them has a piece that belongs lower.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.slice(0, -1).map(([name, paths], i) => ({
      name: `no-upward-from-${name}`,
      severity: 'error',
      comment: `The ${name} layer imports a module of a higher layer (${LAYERS.slice(i + 1)
        .map(([n]) => n)
        .join(', ')}).`,
      from: { path: paths },
      to: { path: pathsOf(LAYERS.slice(i + 1)) },
    })),
    {
      name: 'every-module-in-a-layer',
      severity: 'error',
      comment: 'A module of lib/ that no layer names: add it to a layer of .dependency-cruiser.cjs (and to CONTRIBUTING.md).',
      from: { path: '^lib/', pathNot: pathsOf(LAYERS) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['node_modules', '[.]test[.]ts$', '^test/', '^build/'] },
  },
};
