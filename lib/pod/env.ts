import type { EnvVar } from '../../imports/k8s';
import { Manifest } from '../manifest';
import { CONFIG_KEY_RULE, DNS1123_SUBDOMAIN_RULE, ENV_VAR_NAME_RULE } from '../validation/names';
import { PropChecker } from '../validation/prop-checker';
import { factoryChecker } from '../validation/prop-kinds';
import { instanceOf, registerKind } from '../validation/kinds';

/** Options of a value read from a ConfigMap or a Secret. */
export interface EnvValueFromOptions {
  /**
   * "Specify whether the ConfigMap or its key must be defined" (or the Secret): an optional value
   * that is missing leaves the variable unset instead of keeping the pod from starting.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * The value of an environment variable: a literal, or a key of a ConfigMap or Secret.
 *
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
 */
export class EnvValue {
  /** A literal value. */
  public static fromValue(value: string): EnvValue {
    factoryChecker('EnvValue.fromValue', [value]);
    return new EnvValue({ value });
  }

  /**
   * "Selects a key of a ConfigMap."
   *
   * @param configMapName the ConfigMap's name, a DNS-1123 subdomain
   * @param key the key, as Kubernetes allows ConfigMap keys
   */
  public static fromConfigMap(configMapName: string, key: string, options: EnvValueFromOptions = {}): EnvValue {
    const check = factoryChecker('EnvValue.fromConfigMap', [configMapName, key, options]);
    check.name('configMapName', configMapName, DNS1123_SUBDOMAIN_RULE);
    check.name('key', key, CONFIG_KEY_RULE);
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, optional: options.optional } } });
  }

  /**
   * "Selects a key of a secret in the pod's namespace."
   *
   * @param secretName the Secret's name, a DNS-1123 subdomain
   * @param key the key, as Kubernetes allows Secret keys
   */
  public static fromSecret(secretName: string, key: string, options: EnvValueFromOptions = {}): EnvValue {
    const check = factoryChecker('EnvValue.fromSecret', [secretName, key, options]);
    check.name('secretName', secretName, DNS1123_SUBDOMAIN_RULE);
    check.name('key', key, CONFIG_KEY_RULE);
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key, optional: options.optional } } });
  }

  private constructor(
    /** @internal the `value` / `valueFrom` fields of the EnvVar, checked when made */
    public readonly _fields: Manifest<Pick<EnvVar, 'value' | 'valueFrom'>>,
  ) {
    Object.freeze(_fields);
  }
}

/** The container EnvVar for `name` (its value checked when it was made). */
export function resolveEnvVar(check: PropChecker, name: string, value: EnvValue): Manifest<EnvVar> {
  check.name('env name', name, ENV_VAR_NAME_RULE);
  return { name, ...value._fields };
}

// The runtime kinds of this module's enums and value classes (lib/validation/prop-kinds.ts names them).
registerKind(instanceOf('EnvValue', EnvValue, 'EnvValue.fromValue(), fromConfigMap() or fromSecret()'));
