// The rules of the Kubernetes 1.28 API server that the schema does not carry (test/schema.ts
// checks the schema), read on synthesized objects: names, label and annotation keys and values,
// the size of each object's annotations, the pod annotations Kubernetes validates, env names and
// the ConfigMap and Secret references, subPaths and device paths, topology spread constraints,
// quantities and numbers. The property tests require every object StatefulWeb accepts to pass
// them: a path from a prop to the output that no construction check guards shows here.
//
// The name rules come from lib/validation/names.ts, which test/k8s-names.test.ts checks against
// upstream's cases; everything else is written here again, from upstream, on the JSON, so that a
// check removed from the library shows here.
import {
  ANNOTATION_KEY_RULE,
  CONFIG_KEY_RULE,
  DEVICE_PATH_RULE,
  DNS1035_LABEL_RULE,
  DNS1123_LABEL_RULE,
  DNS1123_SUBDOMAIN_RULE,
  ENV_VAR_NAME_RULE,
  IANA_SVC_NAME_RULE,
  LABEL_KEY_RULE,
  LABEL_VALUE_RULE,
  NameRule,
  SUB_PATH_RULE,
} from '../lib/validation/names';

const ANNOTATIONS_LIMIT = 262144;
const INT64_MAX = BigInt(2) ** BigInt(63) - BigInt(1);

/** Every way in which `objects` break the API server's rules; empty when they pass. */
export function apiRuleErrors(objects: readonly any[]): string[] {
  const errors: string[] = [];
  for (const o of objects) {
    const at = `${o.kind}/${o.metadata?.name}`;
    const fail = (path: string, why: string) => errors.push(`${at}: ${path}: ${why}`);
    const name = (path: string, value: unknown, rule: NameRule) => {
      if (typeof value !== 'string' || !rule.test(value)) fail(path, `${JSON.stringify(value)} is not ${rule.allowed}`);
    };
    checkMetadata(o.metadata, 'metadata', fail, name);
    if (o.kind === 'Service') {
      name('metadata.name', o.metadata.name, DNS1035_LABEL_RULE);
      for (const [i, p] of (o.spec.ports ?? []).entries())
        if (p.name !== undefined) name(`spec.ports[${i}].name`, p.name, DNS1123_LABEL_RULE);
    } else {
      name('metadata.name', o.metadata.name, DNS1123_SUBDOMAIN_RULE);
    }
    if (o.kind === 'StatefulSet') {
      const template = o.spec.template;
      checkMetadata(template.metadata, 'spec.template.metadata', fail, name);
      checkPodSpec(template.spec, 'spec.template.spec', fail, name);
      checkPodAnnotations(template, (why) => fail('spec.template.metadata.annotations', why));
      for (const [i, claim] of (o.spec.volumeClaimTemplates ?? []).entries()) {
        checkMetadata(claim.metadata, `spec.volumeClaimTemplates[${i}].metadata`, fail, name);
        name(`spec.volumeClaimTemplates[${i}].metadata.name`, claim.metadata.name, DNS1123_LABEL_RULE);
        checkQuantity(`spec.volumeClaimTemplates[${i}].spec.resources.requests.storage`, claim.spec.resources.requests.storage, fail);
        if (claim.spec.storageClassName)
          name(`spec.volumeClaimTemplates[${i}].spec.storageClassName`, claim.spec.storageClassName, DNS1123_SUBDOMAIN_RULE);
      }
    }
    checkNumbers(o, '', fail);
  }
  return errors;
}

type Fail = (path: string, why: string) => void;

/**
 * ValidatePodSpecificAnnotations and validateSeccompAnnotationsAndFields (pkg/apis/core/validation,
 * 1.28) on a pod template.
 */
function checkPodAnnotations(template: any, fail: (why: string) => void): void {
  const containers = new Set((template.spec.containers ?? []).map((c: any) => c.name));
  const descending = (path: string) => !path.startsWith('/') && !path.split('/').includes('..');
  const seccomp = (v: string) =>
    ['runtime/default', 'docker/default', 'unconfined'].includes(v) || (v.startsWith('localhost/') && descending(v.slice(10)));
  for (const [key, value] of Object.entries<string>(template.metadata.annotations ?? {})) {
    const bad = (why: string) => fail(`${key}=${JSON.stringify(value)}: ${why}`);
    if (key === 'kubernetes.io/config.mirror') bad('needs spec.nodeName');
    if (key === 'scheduler.alpha.kubernetes.io/tolerations' && value !== '') bad('not checked here: StatefulWeb refuses it');
    if (
      key === 'controller.kubernetes.io/pod-deletion-cost' &&
      !(/^(0|[1-9]\d*|-\d+)$/.test(value) && Number(value) >= -2147483648 && Number(value) <= 2147483647)
    )
      bad('not an int32');
    if (key === 'seccomp.security.alpha.kubernetes.io/pod' || key.startsWith('container.seccomp.security.alpha.kubernetes.io/')) {
      if (!seccomp(value)) bad('not a seccomp profile');
    }
    // The pod's field is set: the annotation must agree with it.
    const field = template.spec.securityContext?.seccompProfile?.type;
    if (
      key === 'seccomp.security.alpha.kubernetes.io/pod' &&
      field === 'RuntimeDefault' &&
      !['runtime/default', 'docker/default'].includes(value)
    )
      bad(`differs from the field ${field}`);
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/')) {
      if (!containers.has(key.slice('container.apparmor.security.beta.kubernetes.io/'.length))) bad('no such container');
      if (!(value === '' || value === 'runtime/default' || value === 'unconfined' || value.startsWith('localhost/')))
        bad('not an AppArmor profile');
    }
  }
}
type Name = (path: string, value: unknown, rule: NameRule) => void;

function checkMetadata(metadata: any, path: string, fail: Fail, name: Name): void {
  for (const [key, value] of Object.entries(metadata?.labels ?? {})) {
    name(`${path}.labels key`, key, LABEL_KEY_RULE);
    name(`${path}.labels[${JSON.stringify(key)}]`, value, LABEL_VALUE_RULE);
  }
  let bytes = 0;
  for (const [key, value] of Object.entries(metadata?.annotations ?? {})) {
    name(`${path}.annotations key`, key, ANNOTATION_KEY_RULE);
    if (typeof value !== 'string') fail(`${path}.annotations[${JSON.stringify(key)}]`, 'not a string');
    bytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (bytes > ANNOTATIONS_LIMIT) fail(`${path}.annotations`, `${bytes} bytes, more than ${ANNOTATIONS_LIMIT}`);
}

function checkPodSpec(spec: any, path: string, fail: Fail, name: Name): void {
  const volumes = new Set<string>();
  for (const [i, v] of (spec.volumes ?? []).entries()) {
    name(`${path}.volumes[${i}].name`, v.name, DNS1123_LABEL_RULE);
    volumes.add(v.name);
    if (v.configMap) name(`${path}.volumes[${i}].configMap.name`, v.configMap.name, DNS1123_SUBDOMAIN_RULE);
    if (v.secret) name(`${path}.volumes[${i}].secret.secretName`, v.secret.secretName, DNS1123_SUBDOMAIN_RULE);
    if (v.emptyDir?.sizeLimit !== undefined) checkQuantity(`${path}.volumes[${i}].emptyDir.sizeLimit`, v.emptyDir.sizeLimit, fail);
  }
  if (spec.serviceAccountName !== undefined) name(`${path}.serviceAccountName`, spec.serviceAccountName, DNS1123_SUBDOMAIN_RULE);
  for (const [i, s] of (spec.imagePullSecrets ?? []).entries()) name(`${path}.imagePullSecrets[${i}].name`, s.name, DNS1123_SUBDOMAIN_RULE);
  const spreads = new Set<string>();
  for (const [i, t] of (spec.topologySpreadConstraints ?? []).entries()) {
    name(`${path}.topologySpreadConstraints[${i}].topologyKey`, t.topologyKey, LABEL_KEY_RULE);
    const pair = `${t.topologyKey} ${t.whenUnsatisfiable}`;
    if (spreads.has(pair))
      fail(`${path}.topologySpreadConstraints[${i}]`, `a second constraint with topologyKey and whenUnsatisfiable ${pair}`);
    spreads.add(pair);
  }
  for (const [ci, c] of (spec.containers ?? []).entries()) {
    const cp = `${path}.containers[${ci}]`;
    name(`${cp}.name`, c.name, DNS1123_LABEL_RULE);
    for (const [i, p] of (c.ports ?? []).entries()) if (p.name !== undefined) name(`${cp}.ports[${i}].name`, p.name, IANA_SVC_NAME_RULE);
    const envNames = new Set<string>();
    for (const [i, e] of (c.env ?? []).entries()) {
      name(`${cp}.env[${i}].name`, e.name, ENV_VAR_NAME_RULE);
      if (envNames.has(e.name)) fail(`${cp}.env[${i}].name`, `${e.name} twice`);
      envNames.add(e.name);
      if (e.value !== undefined && typeof e.value !== 'string') fail(`${cp}.env[${i}].value`, 'not a string');
      const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
      if (ref) {
        name(`${cp}.env[${i}].valueFrom name`, ref.name, DNS1123_SUBDOMAIN_RULE);
        name(`${cp}.env[${i}].valueFrom key`, ref.key, CONFIG_KEY_RULE);
      }
    }
    const paths = new Set<string>();
    const taken = (p: string, at: string) => {
      if (paths.has(p)) fail(at, `a second volume at ${p}`);
      paths.add(p);
    };
    for (const [i, m] of (c.volumeMounts ?? []).entries()) {
      if (m.subPath !== undefined) name(`${cp}.volumeMounts[${i}].subPath`, m.subPath, SUB_PATH_RULE);
      taken(m.mountPath, `${cp}.volumeMounts[${i}].mountPath`);
    }
    for (const [i, d] of (c.volumeDevices ?? []).entries()) {
      name(`${cp}.volumeDevices[${i}].devicePath`, d.devicePath, DEVICE_PATH_RULE);
      taken(d.devicePath, `${cp}.volumeDevices[${i}].devicePath`);
      if (volumes.has(d.name)) fail(`${cp}.volumeDevices[${i}].name`, 'a block device must be a claim, not a pod volume');
    }
    for (const kind of ['requests', 'limits']) {
      for (const [resource, q] of Object.entries(c.resources?.[kind] ?? {})) checkQuantity(`${cp}.resources.${kind}.${resource}`, q, fail);
    }
  }
}

/** A quantity Kubernetes keeps as written: a string of digits (and a fraction), a suffix, at most int64. */
function checkQuantity(path: string, value: unknown, fail: Fail): void {
  const match = typeof value === 'string' ? /^(\d+)(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|m)?$/.exec(value) : null;
  if (match === null) return fail(path, `${JSON.stringify(value)} is not a quantity without an exponent`);
  const [, whole, fraction, suffix] = match;
  const scale: { [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  const base = BigInt(whole) << BigInt(scale[suffix ?? ''] ?? 0);
  if (base > INT64_MAX) fail(path, `${match[0]} is more than Kubernetes keeps (${INT64_MAX})`);
  if (fraction !== undefined && suffix !== undefined && suffix !== 'm') fail(path, `${match[0]}: a fraction with a binary suffix`);
}

/** Every number is an integer JavaScript holds exactly, and so written without an exponent. */
function checkNumbers(value: unknown, path: string, fail: Fail): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) fail(path || '(root)', `the number ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkNumbers(item, `${path}[${i}]`, fail));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkNumbers(item, path ? `${path}.${key}` : key, fail);
  }
}
