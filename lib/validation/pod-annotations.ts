// The annotations of a pod template that Kubernetes validates beyond their keys (1.28,
// pkg/apis/core/validation: ValidatePodSpecificAnnotations and validateSeccompAnnotationsAndFields,
// which the API server applies to a StatefulSet's pod template). A template that breaks one of
// them makes the API server refuse the StatefulSet, so `podAnnotations` is checked here when the
// construct is made. What these annotations do to the pod's security (AppArmor, seccomp) is the
// Pod Security checks' business (lib/validation/pod-security.ts), at synth time.
import { hasBackstep } from './names';
import { PropChecker } from './prop-checker';

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';

const SECCOMP_PROFILES = "runtime/default, docker/default, unconfined or localhost/<a relative path without a '..' element>";

/** Whether `value` is a seccomp profile as an annotation writes it (ValidateSeccompProfile). */
export function validSeccompAnnotation(value: string): boolean {
  if (value === 'runtime/default' || value === 'docker/default' || value === 'unconfined') return true;
  if (!value.startsWith('localhost/')) return false;
  const path = value.slice('localhost/'.length);
  return !path.startsWith('/') && !hasBackstep(path);
}

/** Whether `value` is an AppArmor profile as an annotation writes it (ValidateAppArmorProfileFormat). */
function validAppArmorAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value === 'unconfined' || value.startsWith('localhost/');
}

/**
 * Checks the pod annotations of `prop` (keys and values already checked as annotations) as the API
 * server does: AppArmor annotations name a container of the pod and a profile; seccomp annotations
 * a profile, the pod's the one of the pod's field (StatefulWeb sets `RuntimeDefault`); the
 * deletion cost an int32; no mirror-pod annotation (it needs spec.nodeName). A tolerations
 * annotation that is not empty, which the scheduler no longer reads but the API server still
 * parses and validates as a list of tolerations, is refused rather than half-checked.
 */
export function checkPodAnnotations(
  check: PropChecker,
  prop: string,
  annotations: { readonly [key: string]: string } | undefined,
  containerNames: readonly string[],
): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const at = `${prop}[${JSON.stringify(key)}]`;
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
      const container = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
      check.that(
        `${prop} key`,
        key,
        containerNames.includes(container),
        `an AppArmor annotation of a container of the pod (${containerNames.map((c) => APPARMOR_ANNOTATION_PREFIX + c).join(', ')}): Kubernetes refuses one for a container the pod does not have`,
      );
      check.that(
        at,
        value,
        validAppArmorAnnotation(value),
        'an AppArmor profile: runtime/default, localhost/<profile>, unconfined or empty',
      );
    } else if (key === SECCOMP_POD_ANNOTATION) {
      check.that(
        at,
        value,
        value === 'runtime/default' || value === 'docker/default',
        'runtime/default or docker/default: Kubernetes refuses a pod seccomp annotation that differs from the field, and StatefulWeb sets securityContext.seccompProfile.type RuntimeDefault',
      );
    } else if (key.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) {
      check.that(at, value, validSeccompAnnotation(value), `a seccomp profile: ${SECCOMP_PROFILES}`);
    } else if (key === POD_DELETION_COST_ANNOTATION) {
      check.that(at, value, validDeletionCost(value), 'an integer from -2147483648 to 2147483647, without a sign + or leading zeros');
    } else if (key === MIRROR_POD_ANNOTATION) {
      check.fail(`${prop} key`, key, 'only for static pods, which set spec.nodeName: Kubernetes refuses it on a pod template');
    } else if (key === TOLERATIONS_ANNOTATION && value !== '') {
      check.fail(
        `${prop} key`,
        key,
        'left out: the scheduler no longer reads this annotation (it reads spec.tolerations): set the tolerations prop instead',
      );
    }
  }
}

/** GetDeletionCostFromPodAnnotations: a base-10 int32 that starts with `-`, `1`-`9`, or is `0`. */
function validDeletionCost(value: string): boolean {
  if (!/^(0|[1-9][0-9]*|-[0-9]+)$/.test(value)) return false;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647;
}
