// How error messages show values, and the one way the checks read a list from rendered JSON.
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
    case 'undefined': return 'undefined';
    case 'number': return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint': return `${value}n`;
    case 'boolean': return String(value);
    case 'symbol': return value.toString();
    case 'function': return `function ${value.name || '(anonymous)'}`;
    case 'string': return showString(value);
  }
  if (value === null) return 'null';
  if (value instanceof Size) return `Size ${value.asString()}`;
  if (value instanceof Duration) return `Duration ${showDuration(value)}`;
  if (seen.includes(value)) return '(circular)';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[...]' : '{...}';
  const inner = [...seen, value];
  if (Array.isArray(value)) return `[${value.map((item) => showValue(item, depth + 1, inner)).join(',')}]`;
  const entries = Object.entries(value as object).map(([key, item]) => `${JSON.stringify(key)}:${showValue(item, depth + 1, inner)}`);
  const proto = Object.getPrototypeOf(value);
  const className = proto === null || proto === Object.prototype ? '' : `${proto.constructor?.name ?? 'object'} `;
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

/** A field of rendered JSON that should be a list: the list, or none when it is anything else. */
export function list(value: any): any[] {
  return Array.isArray(value) ? value : [];
}
