import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KUBERNETES_VERSIONS, runValidateDist, schemaFileName, validateDist } from '../scripts/ci/validate-dist';

// scripts/ci/validate-dist.ts checks dist/ against ../shared/k8s-schemas in CI. These tests feed it a
// tiny schema folder of the same layout, made here, so they need neither ../shared nor a network.

/** A standalone-strict schema in the flavour of ../shared/k8s-schemas, for a ConfigMap-like kind. */
const configMapSchema = {
  $schema: 'http://json-schema.org/schema#',
  type: 'object',
  'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
  properties: {
    apiVersion: { type: ['string', 'null'], enum: ['v1'] },
    kind: { type: ['string', 'null'], enum: ['ConfigMap'] },
    metadata: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: ['string', 'null'] },
        generation: { type: ['integer', 'null'], format: 'int64' },
        labels: { type: ['object', 'null'], additionalProperties: { type: ['string', 'null'] } },
      },
    },
    data: { type: ['object', 'null'], additionalProperties: { type: ['string', 'null'] } },
    immutable: { type: ['boolean', 'null'] },
    // A format ajv does not know: it must be reported as a note, not fail or pass quietly.
    note: { type: ['string', 'null'], format: 'k8s-note' },
  },
  additionalProperties: false,
};

const valid = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    app.kubernetes.io/name: web
data:
  key: value
`;

let root: string;
let schemas: string;
let dist: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-dist-'));
  schemas = path.join(root, 'k8s-schemas');
  dist = path.join(root, 'dist');
  for (const version of KUBERNETES_VERSIONS) {
    fs.mkdirSync(path.join(schemas, version, 'standalone-strict'), { recursive: true });
    fs.writeFileSync(path.join(schemas, version, 'standalone-strict', 'configmap-v1.json'), JSON.stringify(configMapSchema));
  }
  fs.mkdirSync(dist);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function writeDist(file: string, yaml: string) {
  fs.writeFileSync(path.join(dist, file), yaml);
}

test('schema files are named as kubeconform names them', () => {
  expect(schemaFileName('v1', 'Service')).toBe('service-v1.json');
  expect(schemaFileName('apps/v1', 'StatefulSet')).toBe('statefulset-apps-v1.json');
  expect(schemaFileName('policy/v1', 'PodDisruptionBudget')).toBe('poddisruptionbudget-policy-v1.json');
  expect(schemaFileName('networking.k8s.io/v1', 'NetworkPolicy')).toBe('networkpolicy-networking-v1.json');
});

test('a valid object passes against every version', () => {
  writeDist('0000-ConfigMap.settings.k8s.yaml', valid);
  expect(validateDist({ dist, schemas })).toEqual({
    errors: [],
    notes: [expect.stringContaining('unknown format "k8s-note" ignored')],
    objects: 1,
  });
});

test('errors name the file, the object, the version, the path and the rule', () => {
  writeDist('0000-ConfigMap.settings.k8s.yaml', valid.replace('\ndata:', '\nimmutable: "yes"\ndatta:'));
  const file = path.join(dist, '0000-ConfigMap.settings.k8s.yaml');
  expect(validateDist({ dist, schemas, versions: ['v1.28.0'] }).errors).toEqual([
    `${file}: ConfigMap/settings: v1.28.0: datta: unknown field (the schema has no such property)`,
    `${file}: ConfigMap/settings: v1.28.0: immutable: must be boolean,null`,
  ]);
});

test('nested unknown fields and formats', () => {
  writeDist('0000-ConfigMap.settings.k8s.yaml', valid.replace('  name: settings', '  name: settings\n  generation: 1.5\n  nmae: x'));
  const errors = validateDist({ dist, schemas, versions: ['v1.33.0'] }).errors.map((e) => e.split(': v1.33.0: ')[1]);
  expect(errors).toEqual([
    'metadata.nmae: unknown field (the schema has no such property)',
    'metadata.generation: must be integer,null',
    'metadata.generation: must match format "int64"',
  ]);
});

test('a kind without a schema is an error, not a pass', () => {
  writeDist('0000-Secret.s.k8s.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n');
  expect(validateDist({ dist, schemas, versions: ['v1.28.0'] }).errors).toEqual([
    `${path.join(dist, '0000-Secret.s.k8s.yaml')}: Secret/s: v1.28.0: no schema ${path.join(schemas, 'v1.28.0', 'standalone-strict', 'secret-v1.json')} for this kind`,
  ]);
});

describe('the command', () => {
  /** runValidateDist, the script's whole body, in this process: its exit code and what it printed. */
  function runInProcess(argv: string[], env: { [name: string]: string } = {}) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const status = runValidateDist(['--dist', dist, ...argv], env, { log: (m) => stdout.push(m), error: (m) => stderr.push(m) });
    return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  test('exits 1 and lists the errors; 2 for a schema folder that does not exist', () => {
    writeDist('0000-ConfigMap.settings.k8s.yaml', valid.replace('\ndata:', '\ndatta:'));
    const failed = runInProcess(['--schemas', schemas]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('ConfigMap/settings: v1.28.0: datta: unknown field');
    expect(failed.stderr).toContain('ConfigMap/settings: v1.33.0: datta: unknown field');

    const missing = runInProcess(['--schemas', path.join(root, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  test('exits 0 for valid objects, and says how many it checked', () => {
    writeDist('0000-ConfigMap.settings.k8s.yaml', valid);
    const passed = runInProcess([], { K8S_SCHEMAS: schemas });
    expect(passed.status).toBe(0);
    expect(passed.stderr).toBe('');
    expect(passed.stdout).toContain('validate-dist: 1 object(s) in');
  });

  // One run as its own process (~0.3 s, more than the other cases together) proves the script's
  // last line, `process.exitCode = runValidateDist(process.argv.slice(2), process.env)`: the
  // command line and the environment reach it, and its errors reach the shell as exit code 1 and
  // stderr.
  test('as its own process: exit code 1 and the errors on stderr', () => {
    writeDist('0000-ConfigMap.settings.k8s.yaml', valid.replace('\ndata:', '\ndatta:'));
    const script = path.join(__dirname, '..', 'scripts', 'ci', 'validate-dist.ts');
    const failed = spawnSync(process.execPath, ['--require', 'tsx/cjs', script, '--dist', dist], {
      cwd: path.join(__dirname, '..'),
      encoding: 'utf-8',
      env: { ...process.env, K8S_SCHEMAS: schemas },
    });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('ConfigMap/settings: v1.28.0: datta: unknown field');
    expect(failed.stderr).toContain('ConfigMap/settings: v1.33.0: datta: unknown field');
  });
});
