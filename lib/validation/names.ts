// Kubernetes' rules for names, labels, annotation keys and the paths of volumes, as the API server
// checks them (k8s.io/apimachinery/pkg/util/validation, pkg/apis/core/validation). Each rule has a
// test and the sentence that an error message uses to say what is allowed.

/** A syntax rule for a name, label key or label value. */
export interface NameRule {
  /** What a valid value looks like, in the words an error message uses. */
  readonly allowed: string;
  /** Whether the value follows the rule. */
  test(value: string): boolean;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Dot-separated DNS-1123 labels, as upstream's DNS1123SubdomainFmt.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** RFC 1123 label: names of most objects, containers and volumes. */
export function dns1123Label(maxLength = 63): NameRule {
  return {
    allowed: `a DNS-1123 label: at most ${maxLength} characters of lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-1')`,
    test: (value) => value.length <= maxLength && DNS1123_LABEL.test(value),
  };
}

/** RFC 1123 label of at most 63 characters: containers, volumes, claim templates. */
export const DNS1123_LABEL_RULE: NameRule = dns1123Label();

/**
 * The longest StatefulSet name: pods carry the label `controller-revision-hash: <name>-<hash>`,
 * with a hash of up to 10 characters, and a label value cannot exceed 63 characters.
 */
export const MAX_STATEFULSET_NAME_LENGTH = 52;

/** The rule of a StatefulSet's name: a DNS-1123 label of at most MAX_STATEFULSET_NAME_LENGTH characters. */
export const STATEFULSET_NAME_RULE = dns1123Label(MAX_STATEFULSET_NAME_LENGTH);

/** RFC 1035 label: Service names, which must start with a letter. */
export const DNS1035_LABEL_RULE: NameRule = {
  allowed:
    "a DNS-1035 label: at most 63 characters of lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'nginx')",
  test: (value) => value.length <= 63 && DNS1035_LABEL.test(value),
};

/** RFC 1123 subdomain: dot-separated labels, e.g. StorageClass names and label key prefixes. */
export const DNS1123_SUBDOMAIN_RULE: NameRule = {
  allowed: "a DNS-1123 subdomain: at most 253 characters of dot-separated DNS-1123 labels (e.g. 'fast-ssd' or 'example.com')",
  test: (value) => value.length <= 253 && DNS1123_SUBDOMAIN.test(value),
};

/**
 * k8s.io/apimachinery's hasChDirPrefix, which ConfigMap and Secret keys and environment variable
 * names share (a key becomes a file name in a volume): not '.' or '..', not starting with '..'.
 */
const notChDir = (value: string) => value !== '.' && value !== '..' && !value.startsWith('..');

/** IsConfigMapKey: ConfigMap and Secret keys. */
export const CONFIG_KEY_RULE: NameRule = {
  allowed:
    "a ConfigMap or Secret key: at most 253 characters of letters, digits, '-', '_' and '.', not '.' or '..' and not starting with '..' (e.g. 'db.host')",
  test: (value) => value.length >= 1 && value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value) && notChDir(value),
};

/** IsEnvVarName (Kubernetes 1.28): environment variable names. */
export const ENV_VAR_NAME_RULE: NameRule = {
  allowed:
    "an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit, not '.' or '..' and not starting with '..' (e.g. 'LOG_LEVEL')",
  test: (value) => /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(value) && notChDir(value),
};

/** IANA_SVC_NAME: names of ports, which Services and probes can refer to. */
export const IANA_SVC_NAME_RULE: NameRule = {
  allowed:
    "an IANA service name: at most 15 characters of lowercase letters, digits and '-', with at least one letter, not starting or ending with '-' and without '--' (e.g. 'http')",
  test: (value) =>
    value.length >= 1 &&
    value.length <= 15 &&
    /^[-a-z0-9]+$/.test(value) &&
    /[a-z]/.test(value) &&
    !value.startsWith('-') &&
    !value.endsWith('-') &&
    !value.includes('--'),
};

/** Label keys: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
export const LABEL_KEY_RULE: NameRule = {
  allowed:
    "a label key: an optional DNS-1123 subdomain prefix and '/', then at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'app' or 'app.kubernetes.io/name')",
  test: (value) => {
    const slash = value.indexOf('/');
    if (slash !== value.lastIndexOf('/')) return false;
    const name = value.slice(slash + 1);
    if (slash >= 0 && (slash === 0 || !DNS1123_SUBDOMAIN_RULE.test(value.slice(0, slash)))) return false;
    return name.length <= 63 && QUALIFIED_NAME.test(name);
  },
};

/** Label values: empty, or at most 63 characters of the same alphabet as a label key's name. */
export const LABEL_VALUE_RULE: NameRule = {
  allowed:
    "a label value: empty, or at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'nginx')",
  test: (value) => value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value)),
};

/**
 * Annotation keys (apimachinery's ValidateAnnotations): a label key's syntax once the key is
 * lowercased, so that a prefix may have upper case (`Example.com/owner`). Lowercased as Go's
 * strings.ToLower does, which also turns the Kelvin sign and the dotted capital I into ASCII.
 */
export const ANNOTATION_KEY_RULE: NameRule = {
  allowed:
    "an annotation key: an optional DNS-1123 subdomain prefix (in any case) and '/', then at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'owner' or 'example.com/owner')",
  test: (value) => LABEL_KEY_RULE.test(goToLower(value)),
};

/** Go's strings.ToLower for the runes whose lower case is ASCII; any other rune fails the rules anyway. */
function goToLower(value: string): string {
  return value.replace(/[A-Z\u0130\u212A]/g, (c) => (c === '\u0130' ? 'i' : c === '\u212A' ? 'k' : c.toLowerCase()));
}

/** A container image reference: the API requires it non-empty; whitespace would make it unpullable. */
export const IMAGE_RULE: NameRule = {
  allowed: 'a non-empty container image reference without whitespace (e.g. "bitnami/nginx:1.25")',
  test: (value) => value.length > 0 && !/\s/.test(value),
};

/** Whether a path has a '..' element (upstream's validatePathNoBacksteps). */
export function hasBackstep(path: string): boolean {
  return path.split('/').includes('..');
}

/** A volume mount's subPath (validateLocalDescendingPath): relative, without a '..' element. */
export const SUB_PATH_RULE: NameRule = {
  allowed: "a relative path inside the volume, without a '..' element (e.g. 'conf/nginx.conf')",
  test: (value) => !value.startsWith('/') && !hasBackstep(value),
};

/**
 * A raw block device's path in the container (ValidateVolumeDevices: no '..' element; absolute,
 * as every path StatefulWeb mounts).
 */
export const DEVICE_PATH_RULE: NameRule = {
  allowed: "an absolute device path inside the container, without a '..' element (e.g. '/dev/xvda')",
  test: (value) => value.startsWith('/') && !hasBackstep(value),
};

/** validateLocalNonReservedPath: the path of a ConfigMap or Secret key in its volume. */
export const KEY_PATH_RULE: NameRule = {
  allowed: "a relative file path inside the volume, without a '..' element and not starting with '..' (e.g. 'tls.crt' or 'conf/site.conf')",
  test: (value) => value.length > 0 && !value.startsWith('/') && !hasBackstep(value) && !value.startsWith('..'),
};
