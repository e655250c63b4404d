// The conversions of lib/quantities.ts, directly: pure functions, as cdk8s tests Size.
import { Duration, Size } from 'cdk8s';
import { bytesOf, millicoresOf, secondsOf, storageQuantity } from '../lib/quantities';

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
