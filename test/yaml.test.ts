// The manifests' YAML writer (lib/synth/yaml.ts): every string is read back as that string by Go's
// readers (kubectl, Helm and the API server: sigs.k8s.io/yaml, go-yaml v2; kustomize: kyaml,
// go-yaml v3), and the output is cdk8s's byte for byte otherwise. The readers themselves check the
// writer in test/cluster/yaml-readers.cluster.test.ts; here, a model of their rules
// (test/go-yaml-model.ts) does.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { ManifestApp, StatefulWeb } from '../lib';
import { stringifyManifests } from '../lib/synth/yaml';
import { buildApp } from '../main';
import { readLikeGo, resolvePlain } from './go-yaml-model';
import { numberLikeString, yamlString } from './yaml-strings';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);

/** A document with `s` as a key, a value and an item of a list. */
const docWith = (s: string) => ({ data: { [s]: s }, list: [s] });

// One row per class of string that cdk8s's writer leaves plain and Go's readers take for another
// value (what they read it as, after go-yaml's resolve.go).
const CLASSES: ReadonlyArray<readonly [string, string, string]> = [
  ['octal with 0o (v3; v2 through strconv base 0)', '0o17', 'int'],
  ['a sign then underscores (dropped before strconv)', '-_4', 'int'],
  ['underscores in a float', '-_.48', 'float'],
  ['an exponent with underscores', '0e_9', 'float'],
  ['a trailing underscore', '12e3_', 'float'],
  ['an exponent with underscores in it', '1e1_0', 'float'],
  ['a point first, underscores in the exponent (strconv.ParseFloat on the scalar as it is)', '.5e1_0', 'float'],
  ['binary with a sign after the prefix (ParseInt base 2)', '0b-1', 'int'],
  ['octal with a sign after the prefix (v3)', '0o+7', 'int'],
  ['binary after a sign and underscores', '-_0b1', 'int'],
  ['a timestamp with one-digit fields and a comma (v3)', '2001-1-2 3:4:5,5', 'timestamp'],
  ['a timestamp with a comma before the fraction (v3)', '2001-01-02T03:04:05,5Z', 'timestamp'],
  ['the merge key, as a key', '<<', 'merge'],
];

describe('strings that Go reads as something else are double-quoted', () => {
  test.each(CLASSES)('%s: %p', (_what, s, kind) => {
    // What cdk8s's writer does: leaves it plain, which Go reads as another value.
    expect(Yaml.stringify({ k: s })).toBe(`k: ${s}\n`);
    expect(kind === 'merge' ? 'merge' : resolvePlain(s)).toBe(kind);
    expect(() => readLikeGo(Yaml.stringify(docWith(s)))).toThrow();
    // The writer quotes it, as a key, a value and an item; read back, it is the string.
    expect(stringifyManifests(docWith(s))).toBe(`data:\n  "${s}": "${s}"\nlist:\n  - "${s}"\n`);
    expect(readLikeGo(stringifyManifests(docWith(s)))).toEqual([docWith(s)]);
  });

  test('YAML 1.1 booleans and the other strings cdk8s quotes stay quoted, as cdk8s quotes them', () => {
    for (const s of ['y', 'no', 'On', '~', 'null', '', '.inf', '-.Inf', '.NaN', '1_000', '0x_F', '0b1', '2001-12-14', '12:30', '1e999']) {
      expect(stringifyManifests(docWith(s))).toBe(Yaml.stringify(docWith(s)));
      expect(readLikeGo(stringifyManifests(docWith(s)))).toEqual([docWith(s)]);
    }
  });

  test("strings Go's readers keep as strings are written as cdk8s writes them: -inf, +Infinity, hex floats, out of range, invalid dates", () => {
    // strconv.ParseFloat reads "inf" and "0x1p3", but go-yaml only hands it a scalar starting with
    // `.`, or one that matches its own decimal float pattern; 2^64 and beyond is no int to it.
    for (const s of [
      '-inf',
      '+Infinity',
      'nan',
      '0x1p3',
      '0o1_0000_0000_0000_0000_0000_0000',
      '-_.1e400',
      '2001-02-29',
      '2001-1-2T3:4:5',
      '1.2.3',
      '0b',
      '0o8',
      '_1',
    ]) {
      expect(resolvePlain(s)).toBe('str');
      expect(stringifyManifests({ k: s })).toBe(Yaml.stringify({ k: s }));
    }
    expect(stringifyManifests({ k: '-inf' })).toBe('k: -inf\n');
  });
});

describe("characters and line layouts that Go's readers do not read back as the yaml package writes them", () => {
  test.each([
    ['NEL, a line break in YAML 1.1', 'a\u0085b', 'a\\u0085b'],
    ['LS', 'a\u2028b', 'a\\u2028b'],
    ['PS', 'a\u2029b', 'a\\u2029b'],
    ['a C1 control, which go-yaml refuses', 'a\u0094b', 'a\\u0094b'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['U+FFFE', 'a\ufffeb', 'a\\ufffeb'],
  ])('%s: escaped in a double-quoted string', (_what, s, escaped) => {
    expect(Yaml.stringify({ [s]: s })).toContain(s); // cdk8s writes it as it is
    expect(stringifyManifests({ [s]: s })).toBe(`"${escaped}": "${escaped}"\n`);
    expect(readLikeGo(stringifyManifests({ [s]: s }))).toEqual([{ [s]: s }]);
  });

  test.each([
    ['a tab first in a block scalar (go-yaml: "found a tab character where an indentation space is expected")', '\tx\ny', '"\\tx\\ny"'],
    ['spaces and line breaks only (go-yaml reads " \\n" as "\\n")', ' \n', '"\\ \\n"'],
  ])('%s: double-quoted', (_what, s, quoted) => {
    expect(Yaml.stringify({ k: s })).toMatch(/^k: \|/); // cdk8s writes a block scalar
    expect(stringifyManifests({ k: s })).toBe(`k: ${quoted}\n`);
    expect(readLikeGo(stringifyManifests({ k: s }))).toEqual([{ k: s }]);
  });

  test('block scalars Go reads as written stay block scalars', () => {
    for (const s of ['a\n\tb', ' \tx\ny', '\nx\n', 'x\n \n']) expect(stringifyManifests({ k: s })).toBe(Yaml.stringify({ k: s }));
  });
});

describe("the output is cdk8s's byte for byte otherwise", () => {
  test('the example app and a chart with every kind of value', () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-')));
    const objects = app.charts.flatMap((chart) => chart.toJson());
    expect(objects.length).toBeGreaterThan(0);
    expect(stringifyManifests(...objects)).toBe(Yaml.stringify(...objects));
    const chart = new Chart(new ManifestApp(), 'values');
    new StatefulWeb(chart, 'web', { image: 'nginx', metadataAnnotations: { 'example.com/octal': '0777', 'example.com/bool': 'yes' } });
    const withValues = [...chart.toJson(), { n: 1, f: 1.5, big: 1e21, t: true, z: null, u: undefined, e: [], o: {} }, undefined];
    expect(stringifyManifests(...withValues)).toBe(Yaml.stringify(...withValues));
  });
});

test(`every string is read back as itself by the model of Go's readers: ${RUNS * 10} generated strings (seed ${SEED})`, () => {
  let quoted = 0;
  fc.assert(
    fc.property(fc.oneof(yamlString, numberLikeString), (s) => {
      const written = stringifyManifests(docWith(s));
      if (written !== Yaml.stringify(docWith(s))) quoted++;
      expect(readLikeGo(written)).toEqual([docWith(s)]);
      // Every line break of the output is one of YAML 1.2 and 1.1 alike.
      expect(written).not.toMatch(/[\u0085\u2028\u2029]/);
    }),
    { numRuns: RUNS * 10, seed: SEED },
  );
  // The property meets strings that need the quoting, not just others.
  expect(quoted).toBeGreaterThan(RUNS / 4);
});
