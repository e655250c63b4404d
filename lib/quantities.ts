// Conversions from cdk8s values to what a Kubernetes manifest writes: pure functions, no checks.
// The props are checked first (lib/validation/prop-checker.ts: size, seconds, cpu), so a
// conversion here only throws on a value that no check let through.
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';

// Binary suffixes of the Kubernetes quantity format, largest first, with their size in bytes.
const BINARY_SUFFIXES: ReadonlyArray<readonly [string, bigint]> = [
  ['Ei', BigInt(2) ** BigInt(60)],
  ['Pi', BigInt(2) ** BigInt(50)],
  ['Ti', BigInt(2) ** BigInt(40)],
  ['Gi', BigInt(2) ** BigInt(30)],
  ['Mi', BigInt(2) ** BigInt(20)],
  ['Ki', BigInt(2) ** BigInt(10)],
];

/** The number of bytes of a size, exactly: a fraction when the size is not a whole number of bytes. */
export function bytesOf(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/**
 * Writes a size as Kubernetes writes a quantity: the largest binary suffix that keeps the number
 * whole (`1Gi`, `512Mi`, `1.5 GiB` as `1536Mi`, `8 PiB` as `8Pi`), or plain bytes when no suffix
 * does; never with an exponent, never rounded.
 *
 * cdk8s-plus converts a size with `toGibibytes()`, which rounds or fails for sizes that are not whole
 * gibibytes; this never rounds. A size that is not a whole number of bytes throws.
 *
 * Exact for every size: a Size is a number of its unit, a power of 1024, and multiplying a
 * JavaScript number by a power of two is exact, so `bytesOf` is the exact number of bytes, and
 * an integer (above 2^53 too), which BigInt divides exactly.
 */
export function storageQuantity(size: Size): string {
  const bytes = bytesOf(size);
  if (!Number.isInteger(bytes)) throw new RangeError(`${size.asString()} is not a whole number of bytes`);
  const exact = BigInt(bytes);
  for (const [suffix, unit] of BINARY_SUFFIXES) {
    if (exact >= unit && exact % unit === BigInt(0)) return `${exact / unit}${suffix}`;
  }
  return `${exact}`;
}

/** The seconds of a duration, exactly: a fraction when it is not a whole number of seconds. */
export function secondsOf(duration: Duration): number {
  return duration.toSeconds({ integral: false });
}

/** The millicores of a CPU quantity as cdk8s-plus's `Cpu` writes it: `250m` is 250, `0.5` is 500. */
export function millicoresOf(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}
