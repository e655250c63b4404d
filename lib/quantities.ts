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

// The suffixes of the Kubernetes quantity format (k8s.io/apimachinery/pkg/api/resource), with the
// power of 2 or of 10 each stands for. A decimal exponent (`1e3`, `1E-2`) is read apart.
// BigInt() rather than literals (2n): a project that compiles this source for ES2017, as
// `cdk8s init typescript-app`'s tsconfig does, has no bigint literals.
const [ONE, TWO, TEN] = [BigInt(1), BigInt(2), BigInt(10)];
const QUANTITY_SUFFIXES: { readonly [suffix: string]: { readonly base: bigint; readonly exponent: number } } = {
  Ki: { base: TWO, exponent: 10 },
  Mi: { base: TWO, exponent: 20 },
  Gi: { base: TWO, exponent: 30 },
  Ti: { base: TWO, exponent: 40 },
  Pi: { base: TWO, exponent: 50 },
  Ei: { base: TWO, exponent: 60 },
  n: { base: TEN, exponent: -9 },
  u: { base: TEN, exponent: -6 },
  m: { base: TEN, exponent: -3 },
  '': { base: TEN, exponent: 0 },
  k: { base: TEN, exponent: 3 },
  M: { base: TEN, exponent: 6 },
  G: { base: TEN, exponent: 9 },
  T: { base: TEN, exponent: 12 },
  P: { base: TEN, exponent: 15 },
  E: { base: TEN, exponent: 18 },
};
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/**
 * The exact value of a Kubernetes quantity (`1Gi`, `1024Mi`, `1.5G`, `500m`, `1e3`) as a fraction
 * of two integers, or undefined when the text is not a quantity. Exact, so that `1Gi` and
 * `1073741824` are equal and `1Gi` and `1.0000001Gi` are not.
 */
export function quantityValue(text: string): { readonly numerator: bigint; readonly denominator: bigint } | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, exponent, suffix] = match;
  const [whole, fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -ONE : ONE);
  let denominator = TEN ** BigInt(fraction.length);
  const scale = exponent !== undefined ? { base: TEN, exponent: Number(exponent.slice(1)) } : QUANTITY_SUFFIXES[suffix ?? ''];
  if (scale.exponent >= 0) numerator *= scale.base ** BigInt(scale.exponent);
  else denominator *= scale.base ** BigInt(-scale.exponent);
  return { numerator, denominator };
}

/** Whether two quantities are the same amount, as the API server compares them (`1Gi` equals `1024Mi`). */
export function sameQuantity(a: string, b: string): boolean {
  const [x, y] = [quantityValue(a), quantityValue(b)];
  return x !== undefined && y !== undefined && x.numerator * y.denominator === y.numerator * x.denominator;
}
