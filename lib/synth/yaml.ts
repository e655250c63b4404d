import * as path from 'path';
import type * as YamlModule from 'yaml';

/**
 * The YAML of the manifests: cdk8s's `Yaml.stringify` (the `yaml` package, YAML 1.1, no line
 * folding, undefined written as null), except that every string that Go's YAML readers would read
 * as something else is double-quoted.
 *
 * Why: the `yaml` package quotes a string that its own YAML 1.1 schema would read as a number,
 * a boolean, null or a timestamp. The readers on the other side are Go's: kubectl, Helm and the
 * API server read YAML with sigs.k8s.io/yaml (go-yaml v2), kustomize (kubectl apply -k, Argo CD,
 * Flux) with kyaml (go-yaml v3). Their rules are wider: they drop the underscores of a plain
 * scalar that starts like a number and hand it to Go's strconv (`0o17`, `-_.48`, `0e_9`, `0b-1`
 * are numbers), and go-yaml v3 takes `2001-1-2 3:4:5` for a timestamp. Such a string would reach
 * the API server as a number ("expected string"), or as another string.
 *
 * `yaml` is cdk8s's own copy (a bundled dependency of cdk8s), loaded from where cdk8s loads it: the
 * output is cdk8s's byte for byte for every other string, and the library adds no dependency.
 */
export function stringifyManifests(...docs: unknown[]): string {
  const yaml = cdk8sYaml();
  return docs
    .map((doc) => {
      if (doc === undefined) return '\n';
      const document = new yaml.Document(doc, OPTIONS);
      yaml.visit(document, {
        Scalar(_key, node) {
          if (typeof node.value === 'string' && !goReadsAsWritten(node.value)) node.type = 'QUOTE_DOUBLE';
        },
      });
      // Every string holding one of these characters is double-quoted: they can only be in one.
      return document.toString(OPTIONS).replace(UNPRINTABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    })
    .join('---\n');
}

/**
 * Whether Go's readers read `s` back as `s` however the `yaml` package writes it (plain, or as a
 * block scalar when it has line breaks). The other strings are written double-quoted.
 */
function goReadsAsWritten(s: string): boolean {
  return goReadsAsString(s) && !UNPRINTABLE.test(s) && !misreadAsBlock(s);
}

/**
 * Characters that the `yaml` package writes as they are, even in a double-quoted string, and that
 * Go's readers do not read back as they are: DEL and the C1 controls, which go-yaml refuses
 * ("control characters are not allowed"), among them NEL, a line break in YAML 1.1 as are LS
 * and PS (a key holding one is refused, a value is folded), and U+FFFE and U+FFFF, which YAML
 * does not allow. A string holding one is double-quoted, and the characters escaped.
 */
const UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufffe\uffff]/;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, 'g');

/**
 * Whether go-yaml misreads the block scalar (`|`) that the `yaml` package writes for a string with
 * line breaks. go-yaml (libyaml) takes a block scalar's indentation from its first line with
 * text, or from the longest blank line when there is none, and refuses a tab before that
 * indentation is known ("found a tab character where an indentation space is expected"). The
 * `yaml` package writes an indentation indicator only when a space comes before the first text,
 * and none for a string of spaces and line breaks (`" \n"` is read back as `"\n"`).
 */
function misreadAsBlock(s: string): boolean {
  if (!s.includes('\n')) return false;
  if (/^[ \t\n]*$/.test(s)) return /[ \t]/.test(s);
  return /^\n*\t/.test(s);
}

/**
 * cdk8s's options (node_modules/cdk8s/lib/yaml.js, `Yaml.stringify`), and YAML 1.1's schema
 * without its merge key: with it, the `yaml` package writes the string `<<` as a plain `<<`
 * whatever the node's type, which every reader takes for a merge key (and refuses as a key
 * whose value is a string).
 */
const OPTIONS = {
  keepUndefined: true,
  lineWidth: 0,
  version: '1.1',
  customTags: (tags: YamlModule.Tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:merge'),
} as const;

let loaded: typeof YamlModule | undefined;

/** The `yaml` package as cdk8s resolves it (cdk8s bundles its own copy). */
function cdk8sYaml(): typeof YamlModule {
  if (!loaded) {
    const from = path.dirname(require.resolve('cdk8s'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(require.resolve('yaml', { paths: [from] })) as typeof YamlModule;
  }
  return loaded;
}

/**
 * Whether both go-yaml v2 (sigs.k8s.io/yaml: kubectl, Helm, the API server) and go-yaml v3
 * (kyaml: kustomize) read the plain scalar `s` as the string `s`: a port of their `resolve`
 * (resolve.go of go.yaml.in/yaml/v2 2.4 and v3 3.0), which look the scalar up in a table
 * (booleans, nulls, `.inf`, `.nan`, `<<`), then by its first character try Go's strconv.
 */
export function goReadsAsString(s: string): boolean {
  if (RESOLVE_TABLE.has(s)) return false;
  const first = s[0];
  if (first === '.') return !goParseFloat(s);
  if (first === '+' || first === '-' || (first >= '0' && first <= '9')) return !goNumberOrTimestamp(s);
  return true;
}

/**
 * The scalars go-yaml resolves by look-up (its resolveMap): v2's booleans are YAML 1.1's (y, yes,
 * on, ...), v3's only true and false, a subset. `<<` is not a string to them as a key (the merge
 * key: a plain `<<` key is refused unless its value is a map).
 */
const RESOLVE_TABLE = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
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
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);

/** The `'D', 'S'` case of go-yaml's resolve: a timestamp, an int or a float. */
function goNumberOrTimestamp(s: string): boolean {
  if (goTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  if (goParseInt(plain, 0) || goParseUint(plain, 0) !== undefined) return true;
  if (YAML_STYLE_FLOAT.test(plain) && goParseFloat(plain)) return true;
  // What follows a 0b (v2 and v3) or 0o (v3) prefix goes to ParseInt with base 2 or 8, which
  // takes a sign: `0b-1` is -1.
  for (const [prefix, base] of [
    ['0b', 2],
    ['0o', 8],
  ] as const) {
    if (plain.startsWith(prefix)) return goParseInt(plain.slice(2), base) || goParseUint(plain.slice(2), base) !== undefined;
    if (plain.startsWith(`-${prefix}`)) return goParseInt(`-${plain.slice(3)}`, base);
  }
  return false;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

// BigInt() rather than literals (1n): see lib/quantities.ts.
const UINT64_MAX = (BigInt(1) << BigInt(64)) - BigInt(1);
const INT64_LIMIT = BigInt(1) << BigInt(63);

/**
 * Go's strconv.ParseUint(s, base, 64): the value, or undefined when it fails. Base 0: the prefix
 * says (0b, 0o, 0x, or 0 for octal), and underscores may separate digits.
 */
function goParseUint(s: string, base: number): bigint | undefined {
  if (s === '') return undefined;
  const base0 = base === 0;
  let digits = s;
  if (base0) {
    base = 10;
    if (s[0] === '0') {
      const prefix = s.length >= 3 ? s[1].toLowerCase() : '';
      base = prefix === 'b' ? 2 : prefix === 'x' ? 16 : 8;
      digits = prefix === 'b' || prefix === 'o' || prefix === 'x' ? s.slice(2) : s.slice(1);
    }
  }
  let n = BigInt(0);
  let underscores = false;
  for (const c of digits) {
    if (c === '_' && base0) {
      underscores = true;
      continue;
    }
    const d = c >= '0' && c <= '9' ? Number(c) : /^[a-zA-Z]$/.test(c) ? c.toLowerCase().charCodeAt(0) - 87 : Infinity;
    if (d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
    if (n > UINT64_MAX) return undefined;
  }
  return underscores && !underscoreOK(s) ? undefined : n;
}

/** Whether Go's strconv.ParseInt(s, base, 64) succeeds: an optional sign, then ParseUint, in int64's range. */
function goParseInt(s: string, base: number): boolean {
  if (s === '') return false;
  const negative = s[0] === '-';
  const value = goParseUint(s[0] === '+' || negative ? s.slice(1) : s, base);
  if (value === undefined) return false;
  return negative ? value <= INT64_LIMIT : value < INT64_LIMIT;
}

/**
 * Whether Go's strconv.ParseFloat(s, 64) succeeds, for the strings go-yaml's resolve hands it: a
 * decimal float (Go's syntax: underscores between digits) that does not overflow. Hexadecimal
 * floats, `inf` and `nan` never reach it there (they would have to start with `0x`, a sign or a
 * letter, and resolve only calls ParseFloat on a scalar that starts with `.`, or that matched
 * YAML_STYLE_FLOAT).
 */
function goParseFloat(s: string): boolean {
  const match = /^[-+]?([0-9_]*)(?:\.([0-9_]*))?(?:[eE][-+]?([0-9][0-9_]*))?$/.exec(s);
  if (!match || !/[0-9]/.test((match[1] ?? '') + (match[2] ?? ''))) return false;
  if (s.includes('_') && !underscoreOK(s)) return false;
  return Number.isFinite(Number(s.replace(/_/g, '')));
}

/**
 * Go's strconv underscoreOK: underscores only between digits, or between a base prefix and a
 * digit (a port of strconv/atoi.go).
 */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1].toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1].toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /^[a-fA-F]$/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * go-yaml's parseTimestamp: four digits and a `-`, then one of its four layouts as Go's
 * time.Parse reads them: `2006-1-2T15:4:5.999999999Z07:00`, the same with a `t`,
 * `2006-1-2 15:4:5.999999999` (a space of the layout matches one or more) and `2006-1-2`; one or
 * two digits for the month, day, hour, minute and second, each in its range, the day in its
 * month; a fraction after `.` or `,`. v3 reads such a scalar as a time (v2 keeps the string when
 * it decodes into an interface, but resolves it all the same).
 */
function goTimestamp(s: string): boolean {
  const match =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|( +))([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(Z|[-+]([0-9]{2}):([0-9]{2}))?)?$/.exec(
      s,
    );
  if (!match) return false;
  const [, year, month, day, space, hour, minute, second, zone, zoneHour, zoneMinute] = match;
  // The layout with a space has no zone; the ones with T or t need one.
  if (hour !== undefined && (space !== undefined) === (zone !== undefined)) return false;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysIn(Number(month), Number(year))) return false;
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)) return false;
  if (zoneHour !== undefined && (Number(zoneHour) > 24 || Number(zoneMinute) > 60)) return false;
  return true;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
