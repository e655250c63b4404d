// The manifests' YAML writer (lib/synth/yaml.ts) against Go's YAML readers themselves: the
// yaml-oracle (scripts/cluster/yaml-oracle/main.go, built by scripts/cluster/build.sh with the
// sigs.k8s.io/yaml, kyaml and go-yaml versions of the pinned Kubernetes) reads each document as
// kubectl and the API server do (sigs.k8s.io/yaml), as kustomize does (kyaml), and as kubectl
// reads kustomize's output. For generated strings (test/yaml-strings.ts: number-like grammars,
// timestamps, YAML's tables, arbitrary code points), each reader must give back the strings the
// writer was given, as keys, values and list items. No API server needed.
// YAML_ORACLE_RUNS (batches of up to 500 strings) and YAML_ORACLE_SEED; the seed is printed.
import { createHash } from 'crypto';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { stringifyManifests } from '../../lib/synth/yaml';
import { numberLikeString, yamlString } from '../yaml-strings';
import { ROOT } from './kube';

const RUNS = Number(process.env.YAML_ORACLE_RUNS ?? 100);
const SEED = Number(process.env.YAML_ORACLE_SEED ?? Date.now() % 2 ** 31);

type ReaderResult = { json?: unknown; error?: string };
type OracleResult = { [reader: string]: ReaderResult };

let oracle: string;

/** What each of Go's readers makes of each YAML document. */
function readWithGo(docs: readonly string[]): OracleResult[] {
  return JSON.parse(execFileSync(oracle, { input: JSON.stringify(docs), encoding: 'utf-8', maxBuffer: 1 << 30 }));
}

const docWith = (s: string) => ({ data: { [s]: s }, list: [s] });

/**
 * The readers that must give `s` back from `docWith(s)`: all of them, except that kyaml drops a
 * key `<<` however it is spelled (quoted, escaped or tagged `!!str`: it takes it for a merge key),
 * which no writer can help and no Kubernetes object has (label, annotation and ConfigMap keys
 * cannot be `<<`); sigs.k8s.io/yaml reads it back when it is quoted.
 */
function expectedFailures(s: string): string[] {
  return s === '<<' ? ['kyaml', 'kustomize build'] : [];
}

interface Misread {
  readonly s: string;
  readonly reader: string;
  readonly read: string;
}

/** Each reader that does not read a string of `strings` back from the output of `write`, and what it read. */
function misreads(strings: readonly string[], write: (doc: object) => string): Misread[] {
  const results = readWithGo(strings.map((s) => write(docWith(s))));
  return strings.flatMap((s, i) =>
    Object.entries(results[i])
      .filter(([reader, result]) => !expectedFailures(s).includes(reader) && !sameJson(result, docWith(s)))
      .map(([reader, result]) => ({ s, reader, read: result.error ? `an error: ${result.error}` : JSON.stringify(result.json) })),
  );
}

const show = (m: Misread) => `${JSON.stringify(m.s)}: ${m.reader} read ${m.read}`;

function sameJson(result: ReaderResult, expected: object): boolean {
  return result.error === undefined && JSON.stringify(sortKeys(result.json)) === JSON.stringify(sortKeys(expected));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as any)[k])]),
    );
  return v;
}

beforeAll(() => {
  // Built once per version and main.go (cached as the control plane's binaries are).
  const out = execFileSync(
    'bash',
    ['-c', `. scripts/cluster/versions.sh; bash scripts/cluster/build.sh yaml-oracle >&2; echo "$CLUSTER_CACHE|$KUBERNETES_VERSION"`],
    { cwd: ROOT, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [cache, version] = out.trim().split('|');
  const hash = createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, 'scripts/cluster/yaml-oracle/main.go')))
    .digest('hex')
    .slice(0, 12);
  oracle = path.join(cache, `yaml-oracle-${version}-${hash}`, 'bin', 'yaml-oracle');
  expect(fs.existsSync(oracle)).toBe(true);
});

test('the oracle reads what cdk8s writes as the fault was found: numbers where strings were', () => {
  const found = misreads(['0o17', '-_.48', '0e_9', '-_4', '0b-1', '2001-1-2 3:4:5,5'], (doc) => Yaml.stringify(doc)).map(show);
  expect(found.length).toBeGreaterThanOrEqual(6 * 2);
  expect(found).toContain('"0o17": sigs.k8s.io/yaml read {"data":{"15":15},"list":[15]}');
  // kyaml: a time, which it cannot even write as JSON as a key.
  expect(found).toContain('"2001-1-2 3:4:5,5": kyaml read an error: json: unsupported type: map[interface {}]interface {}');
  expect(misreads(['2001-1-2 3:4:5,5'], (doc) => Yaml.stringify({ list: (doc as any).list })).map(show)).toContainEqual(
    expect.stringContaining('kyaml read {"list":["2001-01-02T03:04:05.5Z"]}'),
  );
});

test(`every string is read back as itself by every reader: ${RUNS} batches (seed ${SEED})`, () => {
  let strings = 0;
  let quoted = 0;
  let needed = 0;
  console.log(`yaml readers: ${RUNS} batches, seed ${SEED} (replay: YAML_ORACLE_SEED=${SEED} YAML_ORACLE_RUNS=${RUNS})`);
  fc.assert(
    fc.property(fc.array(fc.oneof(yamlString, numberLikeString), { minLength: 1, maxLength: 500, size: 'max' }), (batch) => {
      strings += batch.length;
      expect(misreads(batch, stringifyManifests).map(show)).toEqual([]);
      // Where the writer differs from cdk8s, cdk8s's output is misread: it quotes no more than it must.
      const differing = batch.filter((s) => stringifyManifests(docWith(s)) !== Yaml.stringify(docWith(s)));
      const misread = new Set(misreads(differing, (doc) => Yaml.stringify(doc)).map((m) => m.s));
      quoted += differing.length;
      needed += differing.filter((s) => misread.has(s)).length;
      expect(differing.filter((s) => !misread.has(s))).toEqual([]);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  console.log(
    `yaml readers: ${strings} strings read back by sigs.k8s.io/yaml, kyaml and kustomize build; ` +
      `${quoted} written otherwise than by cdk8s, each misread from cdk8s's output (${needed})`,
  );
  expect(quoted).toBeGreaterThan(0);
});
