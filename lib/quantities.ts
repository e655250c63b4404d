// Conversions from cdk8s values to what a Kubernetes manifest writes: pure functions, no checks.
// The props are checked first (lib/validation/prop-checker.ts: size, seconds, cpu), so a
// conversion here only throws on a value that no check let through.
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';

// Binary suffixes of the Kubernetes quantity format, largest first, with their size in bytes.
const BINARY_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** The number of bytes of a size, exactly: a fraction when the size is not a whole number of bytes. */
export function bytesOf(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/**
 * Writes a size as Kubernetes writes a quantity: the largest binary suffix that keeps the number
 * whole (`1Gi`, `512Mi`, `1.5 GiB` as `1536Mi`), or plain bytes when no suffix does.
 *
 * cdk8s-plus converts a size with `toGibibytes()`, which rounds or fails for sizes that are not whole
 * gibibytes; this never rounds. A size that is not a whole number of bytes throws.
 */
export function storageQuantity(size: Size): string {
  const bytes = bytesOf(size);
  if (!Number.isSafeInteger(bytes)) throw new RangeError(`${size.asString()} is not a whole number of bytes`);
  for (const [suffix, unit] of BINARY_SUFFIXES) {
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return `${bytes}`;
}

/** The seconds of a duration, exactly: a fraction when it is not a whole number of seconds. */
export function secondsOf(duration: Duration): number {
  return duration.toSeconds({ integral: false });
}

/** The millicores of a CPU quantity as cdk8s-plus's `Cpu` writes it: `250m` is 250, `0.5` is 500. */
export function millicoresOf(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}
