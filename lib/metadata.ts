import { LABEL_VALUE_RULE } from './validation/names';
import { nonEmpty } from './synth/manifest';
import { PropChecker } from './validation/prop-checker';
import type { ResolvedProps } from './resolve';

/** Labels and annotations of the objects and of the pods. */
export interface RenderedMetadata {
  readonly objectLabels: { [key: string]: string };
  readonly objectAnnotations?: { [key: string]: string };
  readonly podLabels: { [key: string]: string };
  readonly podAnnotations?: { [key: string]: string };
}

/**
 * Labels of every object: the selector labels, the recommended labels
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/) and
 * `metadataLabels`; the pods also get `podLabels`. None of these may redefine a selector label,
 * and none is ever added to a selector: a StatefulSet's selector cannot change once applied.
 */
export function renderMetadata(check: PropChecker, props: ResolvedProps, selector: { [key: string]: string }): RenderedMetadata {
  const appName = check.name('appName', props.appName, LABEL_VALUE_RULE,
    props.appName === props.containerName ? 'the container name' : undefined);
  check.labels('metadataLabels', props.metadataLabels);
  check.labels('podLabels', props.podLabels);
  check.annotations('metadataAnnotations', props.metadataAnnotations);
  check.annotations('podAnnotations', props.podAnnotations);
  for (const prop of ['metadataLabels', 'podLabels'] as const) {
    for (const [key, value] of Object.entries(props[prop] ?? {})) {
      check.that(`${prop}["${key}"]`, value, !(key in selector) || selector[key] === value,
        `the selector's value "${selector[key]}" or absent: "${key}" is a selector label, which cannot be redefined`);
    }
  }

  const recommended: { [key: string]: string } = {
    'app.kubernetes.io/name': appName,
    'app.kubernetes.io/instance': props.name,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
  // Selector labels win: they are what the pods are selected by, and cannot change.
  const objectLabels = { ...recommended, ...props.metadataLabels, ...selector };
  return {
    objectLabels,
    objectAnnotations: nonEmpty(props.metadataAnnotations),
    podLabels: { ...objectLabels, ...props.podLabels, ...selector },
    podAnnotations: nonEmpty(props.podAnnotations),
  };
}
