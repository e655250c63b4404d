// Work done once per synthesis, however many charts the app has.
//
// cdk8s validates the whole app before it renders each chart: `chart.toJson()` runs
// `App._synthChart`, which runs every construct's validations, and `App.synth()` renders every
// chart that way after one validation of its own. An app of N charts is therefore validated N + 1
// times per synthesis; a validation whose cost grows with the app (each StatefulWeb renders its
// objects for the rules, the check of unique objects walks the app) makes synthesis quadratic in
// the number of charts. docs/performance.md has the figures.
//
// Within one synthesis nothing changes between those validations (the app's code does not run
// between them), so their results are kept for its duration and computed once. A synthesis is one
// call of `App.synth()`, `App.synthYaml()` (TypeScript and JavaScript callers; see
// `bracketSyntheses`) or of a ManifestApp's synthesis (every language). Outside one, as for a
// single `chart.toJson()`, nothing is kept: each validation computes afresh, so an escape-hatch
// edit between two syntheses is always seen.
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The results kept during the synthesis of an app, by the root of the app. */
const kept = new WeakMap<IConstruct, Map<object, unknown>>();

/** Runs `synthesize`, keeping the results of `oncePerSynthesis` for its duration (a nested call adds nothing). */
export function synthesizing<T>(root: IConstruct, synthesize: () => T): T {
  if (kept.has(root)) return synthesize();
  kept.set(root, new Map());
  try {
    return synthesize();
  } finally {
    kept.delete(root);
  }
}

/**
 * `compute()`, once per synthesis of the app of `scope` for each `key`: computed on first use
 * and then kept until the synthesis ends. Outside a synthesis, computed on every call.
 */
export function oncePerSynthesis<T>(scope: IConstruct, key: object, compute: () => T): T {
  const results = kept.get(scope.node.root);
  if (results === undefined) return compute();
  if (!results.has(key)) results.set(key, compute());
  return results.get(key) as T;
}

const bracketed = new WeakSet<IConstruct>();

/**
 * Makes `synth()` and `synthYaml()` of the app at `root` (a cdk8s App) each one synthesis, by
 * wrapping the methods of that one instance: cdk8s has no hook at the start and the end of a
 * synthesis. A jsii kernel calls the methods of the prototype, not the instance's, so from Python,
 * Java and Go a plain App's synthesis keeps nothing (ManifestApp's brackets itself in every language).
 */
export function bracketSyntheses(root: IConstruct): void {
  if (!(root instanceof App) || bracketed.has(root)) return;
  bracketed.add(root);
  for (const method of ['synth', 'synthYaml'] as const) {
    // A method the instance already has as its own, fixed property (a jsii host's override) is left alone.
    if (Object.getOwnPropertyDescriptor(root, method)?.configurable === false) continue;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the `this` of each call, as the method it replaces
    const original: (...args: unknown[]) => unknown = root[method];
    Object.defineProperty(root, method, {
      configurable: true,
      writable: true,
      value(this: App, ...args: unknown[]): unknown {
        return synthesizing(root, () => original.apply(this, args));
      },
    });
  }
}
