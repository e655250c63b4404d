import type { EnvVar } from '../../imports/k8s';
import { Manifest } from '../synth/manifest';
import { CONFIG_KEY_RULE, DNS1123_SUBDOMAIN_RULE, ENV_VAR_NAME_RULE } from '../validation/names';
import { PropChecker } from '../validation/prop-checker';

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
    return new EnvValue({ value });
  }

  /** "Selects a key of a ConfigMap." */
  public static fromConfigMap(configMapName: string, key: string, options: EnvValueFromOptions = {}): EnvValue {
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, optional: options.optional } } }, configMapName);
  }

  /** "Selects a key of a secret in the pod's namespace." */
  public static fromSecret(secretName: string, key: string, options: EnvValueFromOptions = {}): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key, optional: options.optional } } }, secretName);
  }

  private constructor(
    /** @internal the `value` / `valueFrom` fields of the EnvVar */
    public readonly _fields: { readonly value?: string; readonly valueFrom?: any },
    /** @internal the ConfigMap or Secret it reads, for validation */
    public readonly _sourceName?: string,
  ) {}
}

/** The container EnvVar for `name`, checked. */
export function renderEnvVar(check: PropChecker, name: string, value: EnvValue): Manifest<EnvVar> {
  check.name('env name', name, ENV_VAR_NAME_RULE);
  check.that(`env["${name}"]`, value, value instanceof EnvValue, 'an EnvValue (EnvValue.fromValue(), fromConfigMap() or fromSecret())');
  if (value._sourceName !== undefined) {
    check.name(`env["${name}"] source name`, value._sourceName, DNS1123_SUBDOMAIN_RULE);
    const ref = value._fields.valueFrom.configMapKeyRef ?? value._fields.valueFrom.secretKeyRef;
    check.name(`env["${name}"] key`, ref.key, CONFIG_KEY_RULE);
  }
  return { name, ...value._fields };
}
