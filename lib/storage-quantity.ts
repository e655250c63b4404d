import { Size, SizeRoundingBehavior } from 'cdk8s';

// Binary suffixes of the Kubernetes quantity format: the suffix of 1024 to the power of its index.
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

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
  // The largest power of 1024 that divides the size evenly.
  let amount = bytes;
  let power = 0;
  while (amount > 0 && amount % 1024 === 0 && power < BINARY_SUFFIXES.length - 1) {
    amount /= 1024;
    power++;
  }
  return `${amount}${BINARY_SUFFIXES[power]}`;
}
