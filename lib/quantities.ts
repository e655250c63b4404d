import { Size, SizeRoundingBehavior } from 'cdk8s';

// Binary suffixes of the Kubernetes quantity format, largest first, with their size in bytes.
const BINARY_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/**
 * Writes a storage size as Kubernetes writes a quantity: the largest binary suffix that keeps the
 * number whole (`1Gi`, `512Mi`, `1.5 GiB` as `1536Mi`), or plain bytes when no suffix does.
 *
 * cdk8s-plus converts a size with `toGibibytes()`, which rounds or fails for sizes that are not whole
 * gibibytes; this never rounds. A size that is not a whole number of bytes throws.
 */
export function storageQuantity(size: Size): string {
  const bytes = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
  if (!Number.isSafeInteger(bytes)) {
    throw new Error(`${size.asString()} is not a whole number of bytes`);
  }
  for (const [suffix, unit] of BINARY_SUFFIXES) {
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return `${bytes}`;
}
