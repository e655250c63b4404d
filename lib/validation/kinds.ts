// Runtime kinds: what a prop, an option or an argument must be at run time. The TypeScript
// compiler checks TypeScript callers only; JavaScript callers, and the jsii languages (Python,
// Java, Go), whose values reach the library through a JavaScript kernel, are checked here, so that
// a wrong type gets the prop's error rather than a TypeError from inside the library or a value
// in the manifest that no check saw. lib/validation/prop-kinds.ts gives every prop, option and
// argument of the public API its kind; the checks of values (ranges, name rules) come after.
import { Duration, Size } from 'cdk8s';
import type { PropChecker } from './prop-checker';

/** What a value must be at run time. */
export interface RuntimeKind {
  /**
   * The TypeScript type the API declares for it, without spaces or `readonly` (e.g. `string[]`,
   * `{[key:string]:string}`): test/prop-kinds.test.ts compares it with the declarations.
   */
  readonly type: string;
  /** What a value must be, in the words of an error message ("a string"). */
  readonly allowed: string;
  /** Checks `value`, which is not undefined, as the value of `prop`, and every value inside it. */
  check(check: PropChecker, prop: string, value: unknown): void;
}

/** A prop, option or argument: its kind, and whether it may be left out (undefined). */
export interface Field {
  readonly kind: RuntimeKind;
  readonly optional: boolean;
}

/** The fields of a struct (an interface of props or options) or of a method's arguments, in order. */
export type Fields = { readonly [name: string]: Field };

/** A field that must be given. */
export const req = (kind: RuntimeKind): Field => ({ kind, optional: false });
/** A field that may be left out. */
export const opt = (kind: RuntimeKind): Field => ({ kind, optional: true });

/** A kind whose values pass `test`. */
function leaf(type: string, allowed: string, test: (value: unknown) => boolean): RuntimeKind {
  return { type, allowed, check: (check, prop, value) => check.that(prop, value, test(value), allowed) };
}

export const STRING = leaf('string', 'a string', (v) => typeof v === 'string');
export const NUMBER = leaf('number', 'a number', (v) => typeof v === 'number');
export const BOOLEAN = leaf('boolean', 'true or false', (v) => typeof v === 'boolean');
export const SIZE = leaf('Size', 'a Size (e.g. Size.gibibytes(1))', (v) => v instanceof Size);
export const DURATION = leaf('Duration', 'a Duration (e.g. Duration.seconds(30))', (v) => v instanceof Duration);
// cdk8s-plus-28's Cpu, by its shape: the library reads only `amount`, and loads cdk8s-plus only
// for its interop (lib/interop/cdk8s-plus.ts), so `instanceof` is not an option.
export const CPU = leaf(
  'Cpu',
  'a Cpu of cdk8s-plus-28 (e.g. Cpu.millis(250) or Cpu.units(1))',
  (v) => typeof v === 'object' && v !== null && typeof (v as { amount?: unknown }).amount === 'string',
);

/** Whether `value` is an object made as `{ ... }` (or by a jsii kernel, which makes the same). */
export function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An object whose own values are of `kind`, e.g. labels (`{ [key: string]: string }`). */
export function mapOf(kind: RuntimeKind): RuntimeKind {
  // Read when used: a registered kind is known once its module has loaded.
  const allowed = () => `an object whose values are each ${kind.allowed} (e.g. { "app": "web" })`;
  return {
    type: `{[key:string]:${kind.type}}`,
    get allowed() {
      return allowed();
    },
    check: (check, prop, value) => {
      check.that(prop, value, isPlainObject(value), allowed());
      for (const [key, item] of Object.entries(value as object)) kind.check(check, `${prop}[${JSON.stringify(key)}]`, item);
    },
  };
}

export const STRING_MAP = mapOf(STRING);

/** A list whose items are of `kind`. */
export function listOf(kind: RuntimeKind): RuntimeKind {
  const allowed = () => `a list whose items are each ${kind.allowed}`;
  return {
    type: `${kind.type}[]`,
    get allowed() {
      return allowed();
    },
    check: (check, prop, value) => {
      check.that(prop, value, Array.isArray(value), allowed());
      // Indexes, not forEach: a sparse list's holes are items too (undefined), and are refused.
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) kind.check(check, `${prop}[${i}]`, items[i]);
    },
  };
}

export const STRING_LIST = listOf(STRING);

/** One of an enum's values. */
export function enumOf(type: string, values: object): RuntimeKind {
  const allowedValues = Object.values(values) as unknown[];
  return leaf(type, `one of ${allowedValues.join(', ')}`, (v) => allowedValues.includes(v));
}

/** A class, as `instanceof` tests for it (a value class's constructor is private: the type of a constructor would not take it). */
type Class = { [Symbol.hasInstance](value: unknown): boolean };

/** An instance of a class (a value class of the library, made by its static methods, `made`). */
export function instanceOf(type: string, cls: Class, made: string): RuntimeKind {
  const allowed = `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} (${made})`;
  return leaf(type, allowed, (v) => v instanceof cls);
}

// ---- The kinds of the domain's enums and value classes, registered by the modules that declare
// them (`registerKind(enumOf('AccessMode', AccessMode))`), so that the table of every prop's kind
// (prop-kinds.ts) names them without importing those modules, which import it to check their own
// arguments: the imports point one way.

const registered = new Map<string, RuntimeKind>();

/** Registers the kind of an enum or a value class under its type name; called once, by the module that declares it. */
export function registerKind(kind: RuntimeKind): void {
  if (registered.has(kind.type)) throw new Error(`the runtime kind ${kind.type} is registered twice`);
  registered.set(kind.type, kind);
}

/** The kind registered as `type`, read when a value is checked (the declaring module has been loaded by then). */
export function registeredKind(type: string): RuntimeKind {
  const lookup = (): RuntimeKind => {
    const kind = registered.get(type);
    if (kind === undefined) throw new Error(`the runtime kind ${type} is not registered: load the module that declares ${type}`);
    return kind;
  };
  return {
    type,
    get allowed() {
      return lookup().allowed;
    },
    check: (check, prop, value) => lookup().check(check, prop, value),
  };
}

/**
 * A struct: an object with the fields of `fields()` (read when checking, so that structs can
 * refer to each other), and no other key. A key it does not know (a typo such as `replica`) is
 * refused with the nearest known name.
 */
export function struct(type: string, fields: () => Fields): RuntimeKind {
  const allowed = `an object with the fields of ${type}`;
  return {
    type,
    allowed,
    check: (check, prop, value) => {
      check.that(prop, value, typeof value === 'object' && value !== null && !Array.isArray(value), allowed);
      checkFields(check, type, fields(), value as { [key: string]: unknown }, (field) => (prop === '' ? field : `${prop}.${field}`));
    },
  };
}

/**
 * Checks the fields of a struct value: no unknown key, every required field given, every given
 * field of its kind. `name` says how a message names a field.
 */
export function checkFields(
  check: PropChecker,
  type: string,
  fields: Fields,
  value: { [key: string]: unknown },
  name: (field: string) => string,
): void {
  const word = type.endsWith('Props') ? 'prop' : 'field';
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      check.fail(name(key), value[key], `${type} has no such ${word} (did you mean ${nearest(key, Object.keys(fields))}?)`);
    }
  }
  for (const [field, { kind, optional }] of Object.entries(fields)) {
    const item = value[field];
    if (item === undefined) {
      if (!optional) check.that(name(field), item, false, `${kind.allowed}: ${type} requires it`);
    } else {
      kind.check(check, name(field), item);
    }
  }
}

/** The name among `names` nearest to `name` (edit distance, ignoring case; the first of equals). */
export function nearest(name: string, names: readonly string[]): string {
  let best = names[0];
  let bestDistance = Infinity;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
