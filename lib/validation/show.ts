// How error messages show values, and the one way the checks read a list from rendered JSON.
import { Duration, Size } from 'cdk8s';

/** A value as an error message shows it: `Size 1Gi`, `Duration 5 seconds`, `-1`, `"web"`, `unset`. */
export function show(value: unknown): string {
  if (value === undefined) return 'unset';
  if (value instanceof Size) return `Size ${value.asString()}`;
  if (value instanceof Duration) return `Duration ${value.toHumanString()}`;
  if (typeof value === 'number') return String(value); // JSON.stringify writes NaN as null
  return JSON.stringify(value) ?? String(value);
}

/** A field of rendered JSON that should be a list: the list, or none when it is anything else. */
export function list(value: any): any[] {
  return Array.isArray(value) ? value : [];
}
