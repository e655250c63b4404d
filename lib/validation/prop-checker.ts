import { Duration, Size } from 'cdk8s';
import { ANNOTATION_KEY_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE, NameRule } from './names';
import { show } from './show';
import { bytesOf, millicoresOf, secondsOf } from '../quantities';

/** The largest int32: the bound of most integer fields of the Kubernetes API. */
export const INT32_MAX = 2147483647;

/**
 * The bound of an int64 field (terminationGracePeriodSeconds) as StatefulWeb writes it: the
 * largest integer a JavaScript number holds exactly, and that YAML writes without an exponent.
 */
export const INT64_SECONDS_MAX = Number.MAX_SAFE_INTEGER;

/**
 * The largest quantity the API server keeps as written: it stores a quantity in an int64 and
 * silently caps a larger one at 2^63 - 1 (apimachinery's resource.Quantity), so that the object
 * would differ from its manifest.
 */
export const QUANTITY_MAX = BigInt(2) ** BigInt(63) - BigInt(1);

/** "The total size of all annotations" of one object (apimachinery's TotalAnnotationSizeLimitB). */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

/**
 * Checks props, throwing an Error that names the construct and the prop, shows the value and says
 * what is allowed: `StatefulWeb "chart/web": invalid replicas -1: it must be an integer from 0 to 2147483647.`
 */
export class PropChecker {
  /** @param where how messages name the construct, e.g. `StatefulWeb "example/web"` */
  constructor(private readonly where: string) {}

  /**
   * Throws unless `ok`, saying that `prop` must be `allowed`.
   *
   * @param derivedFrom for a default computed from something else: what, so the message can say so
   */
  public that(prop: string, value: unknown, ok: boolean, allowed: string, derivedFrom?: string): void {
    if (ok) return;
    // The prop to set is the list, for an item of a default list (writablePaths[0]).
    const origin = derivedFrom ? ` (the default, derived from ${derivedFrom}; set ${prop.replace(/\[\d+\]$/, '')} explicitly)` : '';
    this.fail(prop, value, `it must be ${allowed}`, origin);
  }

  /** Throws the error for `prop`: `<where>: invalid <prop> <value><origin>: <why>.` */
  public fail(prop: string, value: unknown, why: string, origin = ''): never {
    throw new Error(`${this.where}: invalid ${prop} ${show(value)}${origin}: ${why}.`);
  }

  /** Checks `value` against a name rule and returns it. */
  public name(prop: string, value: string, rule: NameRule, derivedFrom?: string, why?: string): string {
    const allowed = why ? `${rule.allowed}; ${why}` : rule.allowed;
    this.that(prop, value, typeof value === 'string' && rule.test(value), allowed, derivedFrom);
    return value;
  }

  /** Checks every key and value of a label map. */
  public labels(prop: string, labels: { readonly [key: string]: string } | undefined): void {
    for (const [key, value] of Object.entries(labels ?? {})) {
      this.name(`${prop} key`, key, LABEL_KEY_RULE);
      this.name(`${prop}["${key}"]`, value, LABEL_VALUE_RULE);
    }
  }

  /** Checks every key of an annotation map (values are free text): Kubernetes' annotation key rule. */
  public annotations(prop: string, annotations: { readonly [key: string]: string } | undefined): void {
    for (const [key, value] of Object.entries(annotations ?? {})) {
      this.name(`${prop} key`, key, ANNOTATION_KEY_RULE);
      this.that(`${prop}[${JSON.stringify(key)}]`, value, typeof value === 'string', 'a string');
    }
  }

  /**
   * Checks the total size of the annotations that land on one object, `what` (e.g. `the headless
   * Service "web"`), from `sources`: the props that write them, with their maps (the library's own
   * annotations under a description of their origin). Counted as the API server counts: the
   * bytes of every key and value, in UTF-8.
   */
  public annotationsSize(what: string, sources: ReadonlyArray<readonly [string, { readonly [key: string]: string } | undefined]>): void {
    const merged: { [key: string]: string } = {};
    for (const [, annotations] of sources) Object.assign(merged, annotations);
    const bytes = annotationsBytes(merged);
    if (bytes <= ANNOTATIONS_SIZE_LIMIT) return;
    const props = sources.filter(([, annotations]) => Object.keys(annotations ?? {}).length > 0).map(([prop]) => prop);
    throw new Error(
      `${this.where}: invalid ${props.join(' + ')} (${bytes} bytes of annotations on ${what}): ` +
        `they must total at most ${ANNOTATIONS_SIZE_LIMIT} bytes (256 KiB) on one object, every key and value counted.`,
    );
  }

  /**
   * Checks an integer from `min` to `max` and returns it. The default `max` is the largest int32,
   * the type of almost every integer field of the Kubernetes API: a larger number would be
   * stored wrapped around (2147483648 becomes -2147483648) or refused by the API server.
   */
  public integer(prop: string, value: number, min: number, max: number = INT32_MAX): number {
    const inRange = Number.isInteger(value) && value >= min && value <= max;
    this.that(prop, value, inRange, `an integer from ${min} to ${max}`);
    return value;
  }

  /**
   * Checks a duration of whole seconds from `min` to `max` (convert it with `secondsOf`); `max`
   * as in `integer`: pass `INT64_SECONDS_MAX` for an int64 field.
   */
  public seconds(prop: string, duration: Duration, min: number, max: number = INT32_MAX): void {
    const ok =
      duration instanceof Duration && Number.isInteger(secondsOf(duration)) && secondsOf(duration) >= min && secondsOf(duration) <= max;
    this.that(prop, duration, ok, `a whole number of seconds from ${min} to ${max} (e.g. Duration.seconds(${Math.max(min, 5)}))`);
  }

  /** Checks an absolute path and returns it. */
  public absolutePath(prop: string, value: string): string {
    this.that(prop, value, typeof value === 'string' && value.startsWith('/'), 'an absolute path inside the container (e.g. "/app")');
    return value;
  }

  /**
   * Checks a size greater than zero, a whole number of bytes and at most QUANTITY_MAX bytes
   * (convert it with `storageQuantity`).
   */
  public size(prop: string, size: Size): void {
    const bytes = size instanceof Size ? bytesOf(size) : NaN;
    const ok = Number.isInteger(bytes) && bytes > 0 && bytes <= Number(QUANTITY_MAX);
    this.that(
      prop,
      size,
      ok && BigInt(bytes) <= QUANTITY_MAX,
      `a size greater than zero, a whole number of bytes and less than 8Ei (Kubernetes keeps at most ${QUANTITY_MAX} bytes), e.g. Size.gibibytes(1)`,
    );
  }

  /** Checks a CPU amount greater than zero, as cdk8s-plus's `Cpu` writes it: cores (`1`, `0.5`) or millicores (`250m`). */
  public cpu(prop: string, amount: string): void {
    const ok =
      typeof amount === 'string' &&
      CPU_QUANTITY.test(amount) &&
      millicoresOf(amount) > 0 &&
      millicoresOf(amount) / 1000 < Number(QUANTITY_MAX);
    this.that(prop, amount, ok, `a CPU amount greater than zero and below ${QUANTITY_MAX} cores (e.g. Cpu.millis(250) or Cpu.units(1))`);
  }

  /** Checks that `value` is one of an enum's values. */
  public oneOf<T extends string>(prop: string, value: T, values: Record<string, T>): T {
    const allowed = Object.values(values);
    this.that(prop, value, allowed.includes(value), `one of ${allowed.join(', ')}`);
    return value;
  }
}

// A CPU quantity as cdk8s-plus's Cpu writes it: cores ("1", "0.5") or millicores ("250m").
const CPU_QUANTITY = /^(\d+(\.\d+)?|\d+m)$/;

/** The size of annotations as the API server counts it: the UTF-8 bytes of every key and value. */
export function annotationsBytes(annotations: { readonly [key: string]: unknown }): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations))
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(String(value), 'utf8');
  return bytes;
}

/**
 * A PropChecker whose messages name every prop under a prefix, for the options of a method call:
 * `addSidecar("metrics") memoryLimit`. The checks and their messages are those of PropChecker.
 */
export class PrefixedPropChecker extends PropChecker {
  /**
   * @param checker the checker that reports, under its own name of the construct
   * @param prefix what comes before every prop name, e.g. `addSidecar("metrics") `
   */
  constructor(
    private readonly checker: PropChecker,
    private readonly prefix: string,
  ) {
    super('');
  }

  public that(prop: string, value: unknown, ok: boolean, allowed: string, derivedFrom?: string): void {
    this.checker.that(`${this.prefix}${prop}`, value, ok, allowed, derivedFrom);
  }
}
