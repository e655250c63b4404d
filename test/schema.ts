// Checks synthesized Kubernetes objects against the Kubernetes OpenAPI schema, as the API server
// would on `kubectl apply` (strict field validation), without a cluster:
//
// 1. kubernetes-models (pinned 4.4.2) validates each object with its kind's model class: types,
//    int32/int64 ranges, required fields, enums, quantity and other formats. That release carries
//    the Kubernetes 1.27.1 schema (no release tracks 1.28; 4.5.0 jumps to 1.33): for the kinds
//    StatefulWeb emits, its types, required fields and enums are those of 1.28; 1.28 only added
//    `restartPolicy` on containers (sidecars) and status fields, which step 2 accepts.
// 2. The schema allows fields it does not define, and so does kubernetes-models, while the API
//    server rejects or drops them: every field must be one that the Kubernetes 1.28 schema
//    defines for its object type, as imports/k8s.ts (generated from that schema) lists them.
//
// Every error names the object (`StatefulSet/web`), the path of the field
// (`spec.template.spec.containers[0].image`) and the rule it breaks.
import { k8sFields, TOP_LEVEL_FIELDS } from './k8s-fields';

/** One way in which an object breaks the schema. */
export interface SchemaError {
  /** `<Kind>/<name>` of the object. */
  readonly object: string;
  /** JSON path of the field, e.g. `spec.template.spec.containers[0].image`; `(root)` for the object. */
  readonly path: string;
  /** The rule, e.g. `unknown field …`, `must be integer`, `required field is missing`. */
  readonly rule: string;
}

/** Every way in which `object` breaks the Kubernetes schema; empty when it is valid. */
export function schemaErrors(object: unknown): SchemaError[] {
  const name = objectName(object);
  if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    return [{ object: name, path: '(root)', rule: 'must be an object with string apiVersion and kind' }];
  }
  const { apiVersion, kind } = object;
  const type = k8sFields().kinds.get(`${apiVersion}/${kind}`);
  const errors =
    type === undefined
      ? [{ path: '(root)', rule: `no Kubernetes 1.28 schema for apiVersion "${apiVersion}" kind "${kind}"` }]
      : [...modelErrors(object, apiVersion, kind), ...unknownFields(object, type)];
  return errors.map((error) => ({ object: name, ...error }));
}

/** Throws an error listing every schema error of `object`, one per line. */
export function validateManifest(object: unknown): void {
  validateManifests([object]);
}

/** Throws an error listing every schema error of `objects`, one per line. */
export function validateManifests(objects: readonly unknown[]): void {
  const errors = objects.flatMap(schemaErrors);
  if (errors.length > 0) {
    throw new Error(`${errors.length} Kubernetes schema error(s):\n${errors.map(formatSchemaError).join('\n')}`);
  }
}

/** `StatefulSet/web: spec.replicas: must be integer`. */
export function formatSchemaError(error: SchemaError): string {
  return `${error.object}: ${error.path}: ${error.rule}`;
}

type Located = { path: string; rule: string };
type Json = Record<string, unknown>;

// ---- 1. kubernetes-models

/** An ajv error, as kubernetes-models' ValidationError carries them. */
interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, any>;
  readonly message?: string;
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

function modelErrors(object: Json, apiVersion: string, kind: string): Located[] {
  const Model = modelClass(apiVersion, kind);
  if (!Model) return [{ path: '(root)', rule: `no schema for apiVersion "${apiVersion}" kind "${kind}" in kubernetes-models` }];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const ajvErrors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(ajvErrors)) throw error;
    return describeAjvErrors(object, ajvErrors);
  }
}

/** The model class of a kind: kubernetes-models has one module per kind, at `<apiVersion>/<Kind>`. */
function modelClass(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^[a-z0-9.]+(\/[a-z0-9]+)?$/.test(apiVersion) || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
  } catch {
    return undefined;
  }
}

/**
 * Turns ajv errors into one error per field. The errors of a oneOf (int-or-string, quantity)
 * come as one error per failed alternative plus the oneOf's own: they become one.
 */
function describeAjvErrors(object: unknown, errors: readonly AjvError[]): Located[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) {
    const segments = pointerSegments(error.instancePath);
    if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
    const path = jsonPath(object, segments);
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  return [...byPath].flatMap(([path, group]) => {
    const choice = group.find((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    if (choice) {
      const alternatives = [...new Set(group.filter((e) => e !== choice).map(ruleOf))];
      return [{ path, rule: `matches none of the allowed forms (${alternatives.join(' / ')})` }];
    }
    // A value of the wrong type also fails its format (int32 checks integer-ness): one error is enough.
    const wrongType = group.some((e) => e.keyword === 'type');
    const relevant = group.filter((e) => !(wrongType && e.keyword === 'format'));
    return [...new Set(relevant.map(ruleOf))].map((rule) => ({ path, rule }));
  });
}

function ruleOf(error: AjvError): string {
  switch (error.keyword) {
    case 'required':
      return 'required field is missing';
    case 'additionalProperties':
      return 'unknown field';
    case 'enum':
      return `must be one of ${error.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? `breaks "${error.keyword}" ${JSON.stringify(error.params)}`;
  }
}

/** The segments of a JSON pointer (`/spec/ports/0` → spec, ports, 0). */
function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// ---- 2. unknown fields

/** Fields that the Kubernetes 1.28 schema does not define, anywhere in `object` of type `typeName`. */
function unknownFields(object: Json, typeName: string): Located[] {
  const { types } = k8sFields();
  const errors: Located[] = [];
  const walk = (value: unknown, type: string, at: (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, type, [...at, index]));
      return;
    }
    if (!isObject(value)) return; // a wrong type is step 1's to report
    const fields = types.get(type);
    if (!fields) return;
    for (const [key, child] of Object.entries(value)) {
      const field = fields.get(key);
      if (!field) {
        // A kind's Props, also as an embedded object (a StatefulSet's volumeClaimTemplates), lack
        // apiVersion and kind, which cdk8s adds, and status, which the cluster writes.
        const isKind = type.startsWith('Kube');
        if (isKind && TOP_LEVEL_FIELDS.includes(key)) continue;
        const rule =
          isKind && key === 'status'
            ? 'status is written by the cluster: a manifest must not set it'
            : `unknown field: ${schemaName(type)} in the Kubernetes 1.28 schema has no field "${key}"`;
        errors.push({ path: jsonPath(object, [...at, key]), rule });
      } else if (field.type) {
        walk(child, field.type, [...at, key]);
      } else if (field.mapOf && isObject(child)) {
        for (const [entry, entryValue] of Object.entries(child)) walk(entryValue, field.mapOf, [...at, key, entry]);
      }
    }
  };
  walk(object, typeName, []);
  return errors;
}

/** `KubeStatefulSetProps` → `StatefulSet`, `Container` → `Container`. */
function schemaName(type: string): string {
  return type.replace(/^Kube(.*)Props$/, '$1');
}

// ---- paths and names

/**
 * `spec.template.spec.containers[0].image`, or `metadata.labels["app.kubernetes.io/name"]` for a
 * key that is not a plain word. `object` tells list indexes from map keys made of digits.
 */
function jsonPath(object: unknown, segments: readonly (string | number)[]): string {
  let path = '';
  let value: unknown = object;
  for (const segment of segments) {
    if (Array.isArray(value) && /^\d+$/.test(String(segment))) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(segment))) path += `${path ? '.' : ''}${segment}`;
    else path += `[${JSON.stringify(String(segment))}]`;
    value = isObject(value) || Array.isArray(value) ? (value as any)[segment] : undefined;
  }
  return path || '(root)';
}

function objectName(object: unknown): string {
  if (!isObject(object)) return '(not an object)';
  const metadata = isObject(object.metadata) ? object.metadata : {};
  return `${typeof object.kind === 'string' ? object.kind : '(no kind)'}/${typeof metadata.name === 'string' ? metadata.name : '(no name)'}`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
