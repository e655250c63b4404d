// How error messages show values, and how the checks read rendered JSON: `unknown` values, read
// through the accessors at the end, which read them as JavaScript does.
import { Duration, Size } from 'cdk8s';

/** Strings longer than this are cut in messages (an annotation value can be 256 KiB). */
const MAX_STRING = 1000;
/** How deep `show` goes into lists and objects before writing `...`. */
const MAX_DEPTH = 4;

/**
 * A value as an error message shows it: `Size 1Gi`, `Duration 5 seconds`, `-1`, `NaN`, `"web"`,
 * `["a",NaN]`, `unset`. Lists and plain objects are written as JSON, except that numbers are
 * written as JavaScript writes them (JSON writes NaN and Infinity as null) and values JSON cannot
 * hold are named (`10n`, `undefined`, `function f`). Never throws: a message must not fail on the
 * value it reports (circular objects, getters that throw, BigInts).
 */
export function show(value: unknown): string {
  if (value === undefined) return 'unset';
  try {
    return showValue(value, 0, []);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function showValue(value: unknown, depth: number, seen: unknown[]): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'string':
      return showString(value);
  }
  if (value === null) return 'null';
  if (value instanceof Size) return `Size ${value.asString()}`;
  if (value instanceof Duration) return `Duration ${showDuration(value)}`;
  if (seen.includes(value)) return '(circular)';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[...]' : '{...}';
  const inner = [...seen, value];
  if (Array.isArray(value)) return `[${value.map((item) => showValue(item, depth + 1, inner)).join(',')}]`;
  const entries = Object.entries(value as object).map(([key, item]) => `${JSON.stringify(key)}:${showValue(item, depth + 1, inner)}`);
  const proto: unknown = Object.getPrototypeOf(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a constructor's name is a string unless a class overrides it; then it is written as a template literal wrote it
  const className = proto === null || proto === Object.prototype ? '' : `${String(at(proto, 'constructor', 'name') ?? 'object')} `;
  return `${className}{${entries.join(',')}}`;
}

function showString(value: string): string {
  if (value.length <= MAX_STRING) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, MAX_STRING))}... (${value.length} characters)`;
}

/** cdk8s writes nothing for a duration of NaN seconds: the seconds, then. */
function showDuration(duration: Duration): string {
  const human = duration.toHumanString();
  return human === '' ? `${duration.toSeconds({ integral: false })} seconds` : human;
}

/**
 * A value of rendered JSON whose fields are read: any value but undefined and null. A field that
 * it does not have reads as undefined (a string's, a number's), as JavaScript reads it.
 */
export type JsonFields = { readonly [key: string]: unknown };

/** A field of rendered JSON that should be a list: the list, or none when it is anything else. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A field of rendered JSON that should be a list of objects (containers): its entries, with a null
 * entry read as an object with no fields, as the API server decodes it (into a struct with every
 * field unset, which its validation then names: `name: Required value`).
 */
export function objectList(value: unknown): unknown[] {
  return list(value).map((entry) => entry ?? {});
}

/** A field of rendered JSON that should be an object, for reading its fields: the value, or `{}` when it is undefined or null (`value ?? {}`). */
export function orEmpty(value: unknown): JsonFields {
  return (value ?? {}) as JsonFields;
}

/** The value at `path` in rendered JSON, as `value?.[path[0]]?.[path[1]]...` reads it: undefined once the path meets undefined or null. */
export function at(value: unknown, ...path: string[]): unknown {
  let found = value;
  for (const key of path) {
    if (found === undefined || found === null) return undefined;
    found = (found as JsonFields)[key];
  }
  return found;
}

/** The field `key` of a value of rendered JSON that should be an object, as `value[key]` reads it: a TypeError when the value is undefined or null. */
export function field(value: unknown, key: string): unknown {
  return (value as JsonFields)[key];
}
