import { LABEL_VALUE_RULE } from './validation/names';
import { nonEmpty } from './manifest';
import { checkPodAnnotations } from './validation/pod-annotations';
import { PropChecker } from './validation/prop-checker';
import type { StatefulWebProps } from './props';

/** What the labels and annotations are made from: the props, with the names they default to. */
export type MetadataProps = StatefulWebProps &
  Required<Pick<StatefulWebProps, 'name' | 'serviceName' | 'containerName' | 'appName' | 'volumeName'>>;

/** Labels and annotations of the objects and of the pods. */
export interface ResolvedMetadata {
  readonly objectLabels: { [key: string]: string };
  readonly objectAnnotations?: { [key: string]: string };
  readonly podLabels: { [key: string]: string };
  readonly podAnnotations?: { [key: string]: string };
  /** The recommended labels that never change (no version): the claim templates' with `claimRecommendedLabels`. */
  readonly stableLabels: { [key: string]: string };
}

/**
 * Labels of every object: the selector labels, the recommended labels
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/) and
 * `metadataLabels`; the pods also get `podLabels`. None of these may redefine a selector label,
 * and none is ever added to a selector: a StatefulSet's selector cannot change once applied.
 */
export function resolveMetadata(check: PropChecker, props: MetadataProps, selector: { [key: string]: string }): ResolvedMetadata {
  const appName = check.name(
    'appName',
    props.appName,
    LABEL_VALUE_RULE,
    props.appName === props.containerName ? 'the container name' : undefined,
  );
  check.labels('metadataLabels', props.metadataLabels);
  check.labels('podLabels', props.podLabels);
  check.annotations('metadataAnnotations', props.metadataAnnotations);
  check.annotations('podAnnotations', props.podAnnotations);
  checkPodAnnotations(check, 'podAnnotations', props.podAnnotations, [props.containerName]);
  for (const prop of ['metadataLabels', 'podLabels'] as const) {
    for (const [key, value] of Object.entries(props[prop] ?? {})) {
      check.that(
        `${prop}["${key}"]`,
        value,
        !(key in selector) || selector[key] === value,
        `the selector's value "${selector[key]}" or absent: "${key}" is a selector label, which cannot be redefined`,
      );
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
    stableLabels: recommended,
  };
}

/**
 * Checks Kubernetes' limit on the total size of one object's annotations (256 KiB) for every
 * object, counting every prop that writes annotations on it and the library's own
 * (`exemptions`, the StatefulSet's exemption annotation). The claim templates' are checked with
 * their options (lib/resolve.ts).
 */
export function checkAnnotationSizes(check: PropChecker, props: MetadataProps, exemptions: { [key: string]: string } | undefined): void {
  // metadataAnnotations alone are those of the client Service, the PodDisruptionBudget and the NetworkPolicy.
  check.annotationsSize('every object', [['metadataAnnotations', props.metadataAnnotations]]);
  check.annotationsSize(`the headless Service "${props.serviceName}"`, [
    ['metadataAnnotations', props.metadataAnnotations],
    ['serviceAnnotations', props.serviceAnnotations],
  ]);
  check.annotationsSize(`the StatefulSet "${props.name}"`, [
    ['metadataAnnotations', props.metadataAnnotations],
    ['podSecurityExemptions (its annotation)', exemptions],
  ]);
  check.annotationsSize('the pod template', [['podAnnotations', props.podAnnotations]]);
  check.annotationsSize(`the claim template "${props.volumeName}"`, [['claimAnnotations', props.claimAnnotations]]);
}
