// A model of how Go's YAML readers resolve plain scalars, for npm test (the real readers, in Go,
// are the oracle of test/cluster/yaml-readers.cluster.test.ts). Written from go-yaml's resolve.go
// (go.yaml.in/yaml v2.4 and v3.0) and Go's strconv and time grammars, apart from the writer's
// predicate (lib/synth/yaml.ts), so that the two check each other: grammars as regular
// expressions here, a port of the procedures there.
import * as YAML from 'yaml';

/** What one of Go's readers makes of a plain scalar: a string, or another kind of value. */
export type Resolved = { kind: 'str' | 'bool' | 'null' | 'int' | 'float' | 'timestamp' | 'merge' };

const BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const NULL = /^(|~|null|Null|NULL)$/;
const SPECIAL_FLOAT = /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
/** Go's decimal digits with underscores between them (strconv's underscoreOK). */
const DIGITS = '[0-9](?:_?[0-9])*';
/** A scalar starting with `.`: strconv.ParseFloat on the scalar as it is. */
const DOT_FLOAT = new RegExp(`^\\.${DIGITS}(?:[eE][-+]?${DIGITS})?$`);
/** Go integer literals once the underscores are gone (strconv.ParseInt and ParseUint with base 0). */
const INT = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
/** go-yaml's yamlStyleFloat. */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** After `0b` (v2, v3) or `0o` (v3), strconv.ParseInt with base 2 or 8 reads a sign too. */
const PREFIX_THEN_SIGN = /^0(?:b([-+]?)([01]+)|o([-+]?)([0-7]+))$/;
/** go-yaml's timestamp layouts as Go's time.Parse reads them. */
const TIMESTAMP =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(?:Z|[-+](\d\d):(\d\d)))|(?: +(\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?))?$/;

function inRange(sign: string, value: bigint): boolean {
  if (sign === '-') return value <= 1n << 63n;
  if (sign === '+') return value < 1n << 63n;
  return value < 1n << 64n;
}

function literalValue(literal: string): bigint {
  const lower = literal.toLowerCase();
  if (/^0[box]/.test(lower)) return BigInt(lower); // BigInt reads 0b, 0o and 0x
  return lower.length > 1 && lower.startsWith('0') ? BigInt(`0o${lower.slice(1)}`) : BigInt(lower);
}

function validTimestamp(m: RegExpExecArray): boolean {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  const [h, min, sec] = (m[4] !== undefined ? [m[4], m[5], m[6]] : [m[9], m[10], m[11]]).map(Number);
  if (m[4] !== undefined || m[9] !== undefined) {
    if (h > 23 || min > 59 || sec > 59) return false;
  }
  return m[7] === undefined || (Number(m[7]) <= 24 && Number(m[8]) <= 60);
}

/** How go-yaml v2 and v3 resolve the plain scalar `s`: `str` when both read it as the string `s`. */
export function resolvePlain(s: string): Resolved['kind'] {
  if (BOOL.test(s)) return 'bool';
  if (NULL.test(s)) return 'null';
  if (SPECIAL_FLOAT.test(s)) return 'float';
  if (s.startsWith('.')) return DOT_FLOAT.test(s) && Number.isFinite(Number(s.replace(/_/g, ''))) ? 'float' : 'str';
  if (!/^[-+0-9]/.test(s)) return 'str';
  const timestamp = TIMESTAMP.exec(s);
  if (timestamp && validTimestamp(timestamp)) return 'timestamp';
  const plain = s.replace(/_/g, '');
  const int = INT.exec(plain);
  if (int && inRange(int[1], literalValue(int[2]))) return 'int';
  if (YAML_FLOAT.test(plain) && Number.isFinite(Number(plain))) return 'float';
  const signed = PREFIX_THEN_SIGN.exec(plain);
  if (signed) {
    const [sign, digits, base] = signed[2] !== undefined ? [signed[1], signed[2], '0b'] : [signed[3], signed[4], '0o'];
    if (inRange(sign, BigInt(base + digits))) return 'int';
  }
  return 'str';
}

/**
 * Reads YAML as Go's readers would, for the strings in it: every plain scalar resolved by
 * resolvePlain (a plain `<<` key is the merge key), the others strings. Returns the documents'
 * values, or throws naming the first scalar that is not read as a string.
 */
export function readLikeGo(text: string): unknown[] {
  return YAML.parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0];
    YAML.visit(doc, {
      Pair(_key, pair) {
        const key = pair.key;
        if (YAML.isScalar(key) && key.type === 'PLAIN' && key.source === '<<') throw new Error('the plain key << is a merge key');
      },
      Scalar(_key, node) {
        if (node.type !== 'PLAIN' || typeof node.source !== 'string') return;
        const kind = resolvePlain(node.source);
        if (kind !== 'str' && typeof node.value === 'string') throw new Error(`${JSON.stringify(node.source)} is read as a ${kind}`);
      },
    });
    return doc.toJS();
  });
}
