// The table of runtime kinds (lib/validation/prop-kinds.ts) cannot drift from the API: read with
// the TypeScript compiler, every exported interface of lib/index.ts must be a struct of
// STRUCT_FIELDS with the same fields, optionality and types, and every public constructor,
// method and static method of its exported classes an entry of METHOD_ARGS with the same
// parameters. A prop added to StatefulWebProps without an entry fails here, by name.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { Fields } from '../lib/validation/kinds';
import { METHOD_ARGS, STRUCT_FIELDS } from '../lib/validation/prop-kinds';

const LIB = path.join(__dirname, '..', 'lib');

/** A declared field or parameter: `<name>[?]: <type>`, the type as the table writes it. */
type Declared = string;

/** A type as the table writes it: no spaces, no `readonly`, index signatures as `[key:string]`. */
function normalize(type: string): string {
  return type
    .replace(/\breadonly\b/g, '')
    .replace(/\s+/g, '')
    .replace(/\[\w+:string\]/g, '[key:string]');
}

const declared = (name: string, optional: boolean, type: ts.TypeNode | undefined, source: ts.SourceFile): Declared =>
  `${name}${optional ? '?' : ''}: ${type ? normalize(type.getText(source)) : '(no type)'}`;

const fromTable = (fields: Fields): Declared[] =>
  Object.entries(fields).map(([name, { kind, optional }]) => `${name}${optional ? '?' : ''}: ${kind.type}`);

/** The names lib/index.ts exports, and every interface and class declared in lib/, by name. */
function readLib() {
  const exported = new Set<string>();
  const index = ts.createSourceFile('index.ts', fs.readFileSync(path.join(LIB, 'index.ts'), 'utf-8'), ts.ScriptTarget.ES2022, true);
  index.forEachChild((node) => {
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const element of node.exportClause.elements) exported.add(element.name.text);
    }
  });
  const interfaces = new Map<string, Declared[]>();
  // The interfaces each interface extends: its fields are theirs too (SidecarOptions extends ContainerOptions).
  const bases = new Map<string, string[]>();
  const methods = new Map<string, Declared[]>();
  const files = fs.readdirSync(LIB, { recursive: true, encoding: 'utf-8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(LIB, file), 'utf-8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) && exported.has(node.name.text)) {
        interfaces.set(
          node.name.text,
          node.members
            .filter(ts.isPropertySignature)
            .map((m) => declared(m.name.getText(source), m.questionToken !== undefined, m.type, source)),
        );
        bases.set(
          node.name.text,
          (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source))),
        );
      }
      if (ts.isClassDeclaration(node) && node.name && exported.has(node.name.text)) {
        for (const member of node.members) {
          if (!ts.isConstructorDeclaration(member) && !ts.isMethodDeclaration(member)) continue;
          const modifiers = ts.getModifiers(member) ?? [];
          if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
          const name = ts.isConstructorDeclaration(member) ? 'constructor' : member.name.getText(source);
          if (name.startsWith('_')) continue;
          methods.set(
            `${node.name.text}.${name}`,
            member.parameters.map((p) =>
              declared(p.name.getText(source), p.questionToken !== undefined || p.initializer !== undefined, p.type, source),
            ),
          );
        }
      }
    });
  }
  const allFields = (name: string): Declared[] => [...(interfaces.get(name) ?? []), ...(bases.get(name) ?? []).flatMap(allFields)];
  return { interfaces: new Map([...interfaces.keys()].map((name) => [name, allFields(name)])), methods };
}

const lib = readLib();

/** Structs the API returns and never takes: nothing of the caller's to check. */
const RETURNED_ONLY = ['SynthReport'];

test('every exported interface of the API is a struct of the table (but those it only returns), and every struct of the table is one', () => {
  expect(Object.keys(STRUCT_FIELDS).sort()).toEqual([...lib.interfaces.keys()].filter((name) => !RETURNED_ONLY.includes(name)).sort());
  expect(RETURNED_ONLY.filter((name) => lib.interfaces.has(name))).toEqual(RETURNED_ONLY);
});

describe.each(Object.keys(STRUCT_FIELDS) as Array<keyof typeof STRUCT_FIELDS>)('struct %s', (name) => {
  test('the table has the fields of the declaration, with their optionality and types', () => {
    expect(fromTable(STRUCT_FIELDS[name]).sort()).toEqual((lib.interfaces.get(name) ?? []).sort());
  });
});

test('every public constructor and method of the exported classes is in the table, and every entry is one', () => {
  expect(Object.keys(METHOD_ARGS).sort()).toEqual([...lib.methods.keys()].sort());
});

describe.each(Object.keys(METHOD_ARGS) as Array<keyof typeof METHOD_ARGS>)('%s', (method) => {
  test('the table has the parameters of the declaration, in order, with their optionality and types', () => {
    expect(fromTable(METHOD_ARGS[method])).toEqual(lib.methods.get(method));
  });
});

test('StatefulWebProps is read: its entries include image and replicas', () => {
  // So that the comparisons above cannot pass on two empty lists.
  expect(lib.interfaces.get('StatefulWebProps')).toEqual(expect.arrayContaining(['image: string', 'replicas?: number']));
  expect(lib.methods.get('StatefulWeb.addVolume')).toEqual([
    'name: string',
    'source: VolumeSource',
    'mountPath: string',
    'options?: VolumeMountOptions',
  ]);
});
