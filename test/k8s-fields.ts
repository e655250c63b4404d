// The fields that the Kubernetes 1.28 OpenAPI schema defines for each object type, read from
// imports/k8s.ts: the code that `cdk8s import k8s@1.28.0` generated from that schema (see
// scripts/ci/import-offline.js). The schema lets objects carry fields it does not define, and so do
// the validators built on it, whereas the API server (strict field validation, `kubectl apply`)
// rejects or drops them: this table is what lets test/schema.ts report unknown and misspelt fields.
//
// The generated code is regular, machine-written text:
//
//   export class KubeStatefulSet extends ApiObject {            one class per top-level kind,
//     public static readonly GVK: GroupVersionKind = {          with its apiVersion and kind,
//       apiVersion: 'apps/v1',                                  and its props KubeStatefulSetProps
//       kind: 'StatefulSet',
//   …
//   export function toJson_StatefulSetSpec(obj: …) {            one function per object type,
//     …
//     const result = {                                          listing every JSON field;
//       'replicas': obj.replicas,                                 a plain value
//       'clusterIP': obj.clusterIp,                               one named otherwise in TypeScript
//       'template': toJson_PodTemplateSpec(obj.template),         an object of a type
//       'volumeClaimTemplates': obj.volumeClaimTemplates?.map(y => toJson_…(y)),   a list of them
//       'limits': … Object.entries(obj.limits) … toJson_…(i[1]) …,                  a map of them
//     };
//
// so a few regular expressions read it in milliseconds (the TypeScript parser takes ~0.4 s per
// test file); any line of a `result` block that does not have that form fails loudly, so a change
// of the generator's format cannot make the check pass silently.
import * as fs from 'fs';
import * as path from 'path';

/**
 * What one field holds: plain values, objects of a type, or a map whose values are objects of a
 * type; and, where it is not the field's own name, its name in imports/k8s.ts (`clusterIp` for
 * `clusterIP`).
 */
export type FieldShape = { readonly type?: string; readonly mapOf?: string; readonly property?: string };

/** The fields of each object type (by its name in imports/k8s.ts), and the type of each kind. */
export interface K8sFieldTable {
  /** `<apiVersion>/<Kind>` (e.g. `apps/v1/StatefulSet`) → name of its type. */
  readonly kinds: ReadonlyMap<string, string>;
  /** Type name → field name → shape. */
  readonly types: ReadonlyMap<string, ReadonlyMap<string, FieldShape>>;
}

/** imports/k8s.ts, generated from the Kubernetes 1.28.0 schema. */
export const K8S_IMPORTS = path.join(__dirname, '..', 'imports', 'k8s.ts');

/** Fields every top-level kind has besides those of its Props, to which cdk8s adds them from the GVK. */
export const TOP_LEVEL_FIELDS = ['apiVersion', 'kind'];

let cached: K8sFieldTable | undefined;

/** The field table of imports/k8s.ts (parsed on first use). */
export function k8sFields(): K8sFieldTable {
  cached ??= parseImports(fs.readFileSync(K8S_IMPORTS, 'utf-8').replace(/\r\n/g, '\n'));
  return cached;
}

/** Parses generated cdk8s import code (exported for tests). */
export function parseImports(source: string): K8sFieldTable {
  const kinds = new Map<string, string>();
  for (const [, className, apiVersion, kind] of source.matchAll(KIND_CLASS)) {
    kinds.set(`${apiVersion}/${kind}`, `${className}Props`);
  }
  const types = new Map<string, Map<string, FieldShape>>();
  for (const [, type, block] of source.matchAll(TO_JSON_FUNCTION)) {
    const fields = new Map<string, FieldShape>();
    for (const line of block.split('\n').slice(0, -1)) {
      // each line ends with \n
      const field = FIELD_LINE.exec(line);
      if (!field)
        throw new Error(`imports/k8s.ts, toJson_${type}: unexpected line ${JSON.stringify(line)}: has the cdk8s import format changed?`);
      const [, name, expression] = field;
      const fieldType = TO_JSON_CALL.exec(expression)?.[1];
      const property = PROPERTY.exec(expression)?.[1];
      if (!property)
        throw new Error(
          `imports/k8s.ts, toJson_${type}: no obj.<property> in ${JSON.stringify(line)}: has the cdk8s import format changed?`,
        );
      fields.set(name, {
        ...(fieldType === undefined ? {} : expression.includes('Object.entries(') ? { mapOf: fieldType } : { type: fieldType }),
        ...(property === name ? {} : { property }),
      });
    }
    types.set(type, fields);
  }
  if (kinds.size === 0 || types.size === 0) {
    throw new Error('no kinds or object types found in imports/k8s.ts: has the cdk8s import format changed?');
  }
  return { kinds, types };
}

// `(?:(?!export ).*\n)*?` skips lines up to the next declaration, never into it.
const KIND_CLASS =
  /^export class (\w+) extends ApiObject \{\n(?:(?!export ).*\n)*? {2}public static readonly GVK: GroupVersionKind = \{\n {4}apiVersion: '([^']+)',\n {4}kind: '([^']+)',\n/gm;
const TO_JSON_FUNCTION = /^export function toJson_(\w+)\(.*\n(?:(?!export ).*\n)*? {2}const result = \{\n((?:.*\n)*?) {2}\};\n/gm;
const FIELD_LINE = /^ {4}'([^']+)': (.+),$/;
const TO_JSON_CALL = /\btoJson_(\w+)\(/;
const PROPERTY = /\bobj\.(\w+)/;
