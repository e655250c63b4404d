// fast-check generators of strings for the manifests' YAML writer (lib/synth/yaml.ts): strings
// built from the grammars that Go's YAML readers resolve (Go's integer and float literals with
// signs, base prefixes and underscores, YAML's special floats, booleans and nulls, go-yaml's
// timestamps), near misses of them, and arbitrary strings. Shared by test/yaml.test.ts (npm test,
// against a JS model of the readers) and test/cluster/yaml-readers.cluster.test.ts (against the
// readers themselves, in Go).
import * as fc from 'fast-check';

const pick = (...values: string[]) => fc.constantFrom(...values);
const digits = (alphabet: string, max = 6) => fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: 0, maxLength: max });

/** Sprinkles underscores into `s`, or not: Go's readers drop them before reading a number. */
const withUnderscores = (s: fc.Arbitrary<string>) =>
  fc.tuple(s, fc.array(fc.nat(8), { maxLength: 3 }), fc.boolean()).map(([text, at, on]) => {
    if (!on) return text;
    let out = text;
    for (const i of at) out = `${out.slice(0, i)}_${out.slice(i)}`;
    return out;
  });

/** Go integer literals: a sign, a base prefix (either case), the base's digits, up to past uint64. */
const integerLike = fc
  .tuple(
    pick('', '', '+', '-'),
    pick('', '', '0', '0x', '0X', '0o', '0O', '0b', '0B', '-0b', '0b-', '0b+', '0o-', '0o+', '-0o'),
    fc.oneof(
      digits('01', 70),
      digits('01234567'),
      digits('0123456789'),
      digits('0123456789abcdefABCDEF'),
      pick(
        '9223372036854775807',
        '9223372036854775808',
        '18446744073709551615',
        '18446744073709551616',
        '777777777777777777777',
        '1777777777777777777777',
        'ffffffffffffffff',
        '10000000000000000',
      ),
    ),
  )
  .map(([sign, prefix, body]) => sign + prefix + body);

/** Decimal floats: digits, a point, an exponent; and what Go's ParseFloat alone reads (hex floats, inf, nan). */
const floatLike = fc.oneof(
  fc
    .tuple(
      pick('', '', '+', '-'),
      digits('0123456789', 4),
      pick('', '.', '.'),
      digits('0123456789', 4),
      pick('', '', 'e', 'E', 'e+', 'e-', 'E-'),
      pick('', '', '0', '9', '308', '309', '400', '99999', '1_0'),
    )
    .map((parts) => parts.join('')),
  pick(
    'inf',
    '-inf',
    '+inf',
    'Inf',
    '+Infinity',
    '-Infinity',
    'infinity',
    'nan',
    'NaN',
    '.nan',
    '.NaN',
    '.NAN',
    '.Nan',
    '.inf',
    '.Inf',
    '.INF',
    '+.inf',
    '-.Inf',
    '+.INF',
    '-.INF',
    '.infinity',
    '0x1p3',
    '0x1.8p-2',
    '-0x1P+4',
    '0x.8p1',
    '1e308',
    '1.8e308',
    '-1.8e308',
    '2e-400',
    '.1e400',
    '.5_5',
    '._5',
    '1_000.5',
    '1__0',
    '0e_9',
    '-_.48',
    '-_4',
  ),
);

/** go-yaml's timestamp layouts, with one- or two-digit fields, in and out of range, and near misses. */
const timestampLike = fc
  .tuple(
    pick('2001', '2000', '1900', '0000', '9999', '200', '20011'),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.boolean(),
    pick('', '', 'T', 't', ' ', '  ', 'x'),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
    pick('', '.5', ',25', '.', '.123456789012'),
    pick('', 'Z', 'z', '+05:00', '-24:00', '+25:00', '+05:61', '+5:00', '+0500', ' Z'),
  )
  .map(([year, month, day, pad, sep, h, m, s, fraction, zone]) => {
    const two = (n: number) => (pad ? String(n).padStart(2, '0') : String(n));
    const date = `${year}-${two(month)}-${two(day)}`;
    return sep === '' ? date : `${date}${sep}${two(h)}:${two(m)}:${two(s)}${fraction}${zone}`;
  });

/** What go-yaml looks up: YAML 1.1's booleans, nulls, the special floats, the merge key; in other cases too. */
const tableLike = pick(
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'yES',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'on',
  'On',
  'ON',
  'oN',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  '<<',
  '<',
  '=',
  '-',
  '+',
  '.',
  '_',
  '0',
  '-0',
  '+0',
  '00',
  '08',
  '0_',
  '_0',
  '0x',
  '0b',
  '0o',
);

/** Strings from the grammars the readers resolve, underscores sprinkled in, and a character changed or added now and then. */
export const numberLikeString: fc.Arbitrary<string> = fc
  .tuple(
    withUnderscores(fc.oneof(integerLike, floatLike, timestampLike, tableLike)),
    fc.option(fc.tuple(fc.nat(20), pick('', 'a', 'e', 'x', '.', '-', '+', ':', ' ', '_', '0', '9', 'Z'), fc.boolean()), { freq: 4 }),
  )
  .map(([s, change]) => {
    if (!change) return s;
    const [at, c, replace] = change;
    const i = Math.min(at, s.length);
    return s.slice(0, i) + c + s.slice(replace ? i + 1 : i);
  });

/** Number-like strings, mostly, and arbitrary ones (any code point, YAML's indicators, line breaks). */
export const yamlString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: numberLikeString },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom(...'-+.:#&*!|>\'"%@` ,[]{}?\t\n\r\u0085\u2028\u2029\ufeffaZ09_'.split('')),
      maxLength: 8,
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(' ', ' ', '\n', '\n', '\t', 'a', '#', '-', ':', '\r'), maxLength: 8 }) },
);
