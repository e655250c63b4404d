// `npm run validate:dist`: validates every object in dist/*.k8s.yaml against the "standalone-strict"
// JSON schemas of Kubernetes 1.28.0 and 1.33.0 (the layout kubeconform and kubeval use: one
// self-contained schema per kind, `additionalProperties: false` on every object, so an unknown or
// misspelt field fails too), and exits non-zero naming the file, object, path and rule of each error.
//
//   node --require tsx/cjs scripts/ci/validate-dist.ts [--schemas <dir>] [--dist <dir>]
//
// <dir> holds v1.28.0/standalone-strict/<kind>[-<group>]-<version>.json and the same for v1.33.0;
// it defaults to $K8S_SCHEMAS, else ../shared/k8s-schemas beside the repository. When that default
// folder is absent the check is skipped with a message (exit 0): the test suite never needs it, CI
// runs it where the folder exists. A folder named with --schemas or $K8S_SCHEMAS must exist.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { listManifestFiles } from '../../lib/synth/manifest-app';

export const KUBERNETES_VERSIONS = ['v1.28.0', 'v1.33.0'];
const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_SCHEMAS = path.resolve(ROOT, '..', 'shared', 'k8s-schemas');

export interface ValidateDistOptions {
  /** Folder of the manifests (`*.k8s.yaml`). */
  readonly dist: string;
  /** Folder with one `<version>/standalone-strict/` folder per Kubernetes version. */
  readonly schemas: string;
  /** @default KUBERNETES_VERSIONS */
  readonly versions?: readonly string[];
}

export interface ValidateDistResult {
  /** One line per error: `<file>: <Kind>/<name>: <version>: <path>: <rule>`. */
  readonly errors: string[];
  /** Things the check could not check, e.g. a format ajv does not know (it ignores it). */
  readonly notes: string[];
  /** How many objects were validated against each version. */
  readonly objects: number;
}

/** Validates every object of `<dist>/*.k8s.yaml` against the schemas of each version. */
export function validateDist(options: ValidateDistOptions): ValidateDistResult {
  const versions = options.versions ?? KUBERNETES_VERSIONS;
  const notes = new Set<string>();
  const errors: string[] = [];
  const validators = new Map<string, ValidateFunction | string>();

  // strictSchema: false, because the schemas carry Kubernetes' own keywords (x-kubernetes-*); with
  // it, ajv ignores a format it does not know with a warning, which we report as a note instead of
  // failing or passing quietly. ajv-formats knows every format these schemas use (int32, int64,
  // date-time, byte). allowUnionTypes: nullable fields are typed ["string", "null"].
  const ajv = new Ajv({
    strictSchema: false,
    allowUnionTypes: true,
    allErrors: true,
    logger: {
      log: () => undefined,
      warn: (message: string) => notes.add(String(message)),
      error: (message: string) => notes.add(String(message)),
    },
  });
  addFormats(ajv);

  const validator = (version: string, file: string): ValidateFunction | string => {
    const schemaPath = path.join(options.schemas, version, 'standalone-strict', file);
    const key = `${version}/${file}`;
    if (!validators.has(key)) {
      if (!fs.existsSync(schemaPath)) {
        validators.set(key, `no schema ${shortPath(schemaPath)} for this kind`);
      } else {
        const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf-8')) as SchemaObject;
        delete schema.$schema; // "http://json-schema.org/schema#", which ajv does not know; the schemas are draft-04-style plain JSON Schema
        delete schema.$id;
        validators.set(key, ajv.compile(schema));
      }
    }
    return validators.get(key)!;
  };

  const files = listManifestFiles(options.dist);
  let objects = 0;
  for (const file of files) {
    const where = shortPath(path.join(options.dist, file));
    const documents = parseAllDocuments(fs.readFileSync(path.join(options.dist, file), 'utf-8'));
    for (const document of documents) {
      if (document.errors.length > 0) {
        errors.push(`${where}: not valid YAML: ${document.errors[0].message}`);
        continue;
      }
      const object = document.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } } | null | undefined;
      if (object === null || object === undefined) continue; // an empty document
      objects++;
      const name = `${typeof object.kind === 'string' ? object.kind : '(no kind)'}/${typeof object.metadata?.name === 'string' ? object.metadata.name : '(no name)'}`;
      if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
        errors.push(`${where}: ${name}: (root): must have a string apiVersion and kind`);
        continue;
      }
      for (const version of versions) {
        const validate = validator(version, schemaFileName(object.apiVersion, object.kind));
        if (typeof validate === 'string') {
          errors.push(`${where}: ${name}: ${version}: ${validate}`);
        } else if (!validate(object)) {
          for (const error of describe(validate.errors ?? [])) errors.push(`${where}: ${name}: ${version}: ${error}`);
        }
      }
    }
  }
  return { errors, notes: [...notes], objects };
}

/**
 * The schema file of a kind, as kubeconform names them: `<kind>-<group>-<version>.json` in lower
 * case, with the first label of the group (`networking.k8s.io/v1` → `networking`), or
 * `<kind>-<version>.json` for the core group (`v1`).
 */
export function schemaFileName(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupPart = group ? `-${group.split('.')[0]}` : '';
  return `${kind}${groupPart}-${version}.json`.toLowerCase();
}

/** `<path>: <rule>` for each ajv error; an additional property is named in the path. */
function describe(errors: readonly ErrorObject[]): string[] {
  const lines = errors.map((error) => {
    const segments =
      error.instancePath === ''
        ? []
        : error.instancePath
            .slice(1)
            .split('/')
            .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let rule = error.message ?? error.keyword;
    if (error.keyword === 'additionalProperties') {
      segments.push(String(error.params.additionalProperty));
      rule = 'unknown field (the schema has no such property)';
    } else if (error.keyword === 'enum') {
      rule += `: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const at = segments
      .map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
      .join('')
      .replace(/^\./, '');
    return `${at || '(root)'}: ${rule}`;
  });
  return [...new Set(lines)];
}

/** A path relative to the working directory when it is below it, else absolute. */
function shortPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(file);
}

/** Where the command writes its messages: the console, or a test's lists. */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/**
 * The command: validates as `argv` (`--dist`, `--schemas`) and `env` (`K8S_SCHEMAS`) say, writes
 * its messages to `output`, and returns the exit code (0 valid or skipped, 1 errors, 2 no such
 * schema folder).
 */
export function runValidateDist(argv: readonly string[], env: NodeJS.ProcessEnv, output: Output = console): number {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const dist = path.resolve(option('--dist') ?? path.join(ROOT, 'dist'));
  const named = option('--schemas') ?? env.K8S_SCHEMAS;
  const schemas = path.resolve(named ?? DEFAULT_SCHEMAS);
  if (!fs.existsSync(schemas)) {
    if (named) {
      output.error(`validate-dist: schema folder ${schemas} does not exist`);
      return 2;
    }
    output.log(`validate-dist: skipped: no Kubernetes schemas at ${schemas} (set K8S_SCHEMAS or --schemas to check dist/ against them)`);
    return 0;
  }
  const { errors, notes, objects } = validateDist({ dist, schemas });
  for (const note of notes) output.log(`validate-dist: note: ${note}`);
  if (objects === 0) {
    output.error(`validate-dist: no objects in ${dist}/*.k8s.yaml`);
    return 1;
  }
  if (errors.length > 0) {
    output.error(`validate-dist: ${errors.length} error(s) against the standalone-strict schemas of ${KUBERNETES_VERSIONS.join(' and ')}:`);
    for (const error of errors) output.error(`  ${error}`);
    return 1;
  }
  output.log(
    `validate-dist: ${objects} object(s) in ${shortPath(dist)} valid against the standalone-strict schemas of Kubernetes ${KUBERNETES_VERSIONS.join(' and ')} (${schemas})`,
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = runValidateDist(process.argv.slice(2), process.env);
}
