// The conversions of lib/quantities.ts, directly: pure functions, as cdk8s tests Size.
import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { bytesOf, millicoresOf, quantityValue, sameQuantity, secondsOf, storageQuantity } from '../lib/quantities';

describe('storageQuantity: the largest binary suffix that keeps the number whole', () => {
  test.each([
    ['1 GiB', Size.gibibytes(1), '1Gi'],
    ['512 MiB', Size.mebibytes(512), '512Mi'],
    ['1.5 GiB, never rounded', Size.gibibytes(1.5), '1536Mi'],
    ['10 GiB', Size.gibibytes(10), '10Gi'],
    ['1024 MiB', Size.mebibytes(1024), '1Gi'],
    ['2 TiB', Size.tebibytes(2), '2Ti'],
    ['1.5 MiB', Size.mebibytes(1.5), '1536Ki'],
    ['0.5 KiB, plain bytes', Size.kibibytes(0.5), '512'],
    ['1 PiB', Size.pebibyte(1), '1Pi'],
    ['1024 TiB', Size.tebibytes(1024), '1Pi'],
    ['4 PiB', Size.pebibyte(4), '4Pi'],
    // 2^53 bytes and more: past the integers a JavaScript number counts one by one, still exact.
    ['8 PiB, 2^53 bytes', Size.pebibyte(8), '8Pi'],
    ['8 PiB and one KiB', Size.kibibytes(2 ** 43 + 1), '8796093022209Ki'],
    ['8191 PiB', Size.pebibyte(8191), '8191Pi'],
    ['1024 PiB, the largest suffix', Size.pebibyte(1024), '1Ei'],
    ['7.5 EiB', Size.pebibyte(7680), '7680Pi'],
    ['zero', Size.gibibytes(0), '0'],
  ])('%s is %s', (_, size, quantity) => {
    expect(storageQuantity(size)).toBe(quantity);
  });

  test('a size that is not a whole number of bytes throws', () => {
    expect(() => storageQuantity(Size.kibibytes(0.0001))).toThrow(new RangeError('0.0001Ki is not a whole number of bytes'));
  });
});

test.each([
  [Size.kibibytes(1), 1024],
  [Size.mebibytes(1.5), 1572864],
  [Size.kibibytes(0.0001), 0.1024],
])('bytesOf(%s) is %s, exactly', (size, bytes) => {
  expect(bytesOf(size)).toBeCloseTo(bytes, 10);
});

test.each([
  [Duration.seconds(30), 30],
  [Duration.minutes(2), 120],
  [Duration.millis(1500), 1.5],
])('secondsOf(%s) is %s, never rounded', (duration, seconds) => {
  expect(secondsOf(duration)).toBe(seconds);
});

test.each([
  ['250m', 250],
  ['1', 1000],
  ['0.5', 500],
])('millicoresOf(%s) is %s', (quantity, millicores) => {
  expect(millicoresOf(quantity)).toBe(millicores);
});

describe('sameQuantity: two quantities are the same amount, as the API server compares them', () => {
  test.each([
    ['1Gi', '1024Mi'],
    ['1Gi', '1073741824'],
    ['1Gi', '1.0Gi'],
    ['1.5Gi', '1536Mi'],
    ['1k', '1000'],
    ['1e3', '1k'],
    ['1E3', '1000'],
    ['500m', '0.5'],
    ['1M', '1000k'],
    ['1Ei', '1024Pi'],
    ['0', '0Gi'],
    ['+1Gi', '1Gi'],
    ['.5', '500m'],
  ])('%s equals %s', (a, b) => {
    expect(sameQuantity(a, b)).toBe(true);
    expect(sameQuantity(b, a)).toBe(true);
  });

  test.each([
    ['1Gi', '1G'],
    ['1Gi', '1025Mi'],
    ['1Gi', '1.0000001Gi'],
    ['1E', '1e0'],
    ['1m', '1M'],
    ['-1Gi', '1Gi'],
  ])('%s differs from %s', (a, b) => {
    expect(sameQuantity(a, b)).toBe(false);
  });

  test.each([['Gi'], ['1 Gi'], ['1GB'], ['1gi'], ['abc'], [''], ['1.2.3'], ['1e']])('%s is not a quantity: never the same', (text) => {
    expect(quantityValue(text)).toBeUndefined();
    expect(sameQuantity(text, text)).toBe(false);
  });

  test('for all whole amounts: n of a binary suffix is n * 1024 of the next smaller one, and their bytes', () => {
    const suffixes = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: suffixes.length - 1 }), (n, i) => {
        const bytes = BigInt(n) * 1024n ** BigInt(i + 1);
        expect(sameQuantity(`${n}${suffixes[i]}`, `${n * 1024}${suffixes[i - 1]}`)).toBe(true);
        expect(sameQuantity(`${n}${suffixes[i]}`, bytes.toString())).toBe(true);
        expect(sameQuantity(`${n}${suffixes[i]}`, (bytes + 1n).toString())).toBe(false);
      }),
    );
  });
});
