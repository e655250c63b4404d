// One rendering per object and synth.
//
// In one synth, cdk8s renders an object more than once: the StatefulWeb rules read its JSON when
// the app is validated, then the chart renders it for output; and every `chart.toJson()`
// validates the whole app, so an app of several charts renders every StatefulWeb once more per
// chart. Rendering is most of a synth's cost, and nothing changes an object between these
// renderings: ManifestApp's synth validates and renders, and runs no code of the user's in
// between (but their validations, which only read). So while ManifestApp synthesizes, an
// object's first rendering is kept and handed out again; outside, every toJson() renders afresh,
// which is what a test that changes an object between two syntheses needs.
//
// The trade-off: while a synth runs, the JSON handed out is shared, so its readers (the rules,
// the YAML writer) must not change it, and they don't.
import { ApiObject } from 'cdk8s';

/** The renderings of the synth in progress (dropped when it ends); undefined when none is. */
let renderings: Map<ApiObject, any> | undefined;

/** Runs `synth` with one rendering per object (the first) for objects that render through `renderedOncePerSynth`. */
export function oneRenderingPerObject<T>(synth: () => T): T {
  if (renderings) return synth(); // nested: the outer synth's renderings hold
  renderings = new Map();
  try {
    return synth();
  } finally {
    renderings = undefined;
  }
}

/**
 * What an object's `toJson()` returns: during a synth of `oneRenderingPerObject`, its first
 * rendering by `render`; outside one, a fresh rendering.
 */
export function renderedOncePerSynth(object: ApiObject, render: () => any): any {
  if (!renderings) return render();
  let rendering = renderings.get(object);
  if (rendering === undefined) {
    rendering = render();
    renderings.set(object, rendering);
  }
  return rendering;
}
