// One home for defaults: every `@default` in the docs of the props (and of the option structs whose
// defaults the library applies) is the value of lib/defaults.ts, and every value there is documented.
// A literal `@default` is evaluated and compared with the table; `@default - ...` describes a
// default that is derived from other props or left to Kubernetes, and must not be in the table.
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as ts from 'typescript';
import { AccessMode, ClaimRetention, PodManagementPolicy, PodUser, UpdateStrategy, WebProbe, WhenUnsatisfiable } from '../lib';
import { DEFAULTS } from '../lib/defaults';

/** What a `@default` expression may name. */
const SCOPE = {
  Size,
  Duration,
  Cpu,
  AccessMode,
  ClaimRetention,
  PodManagementPolicy,
  PodUser,
  UpdateStrategy,
  WebProbe,
  WhenUnsatisfiable,
};

/** The `@default` text of every property of every interface declared in lib/, by interface and property. */
function documentedDefaults(): Map<string, Map<string, string | undefined>> {
  const found = new Map<string, Map<string, string | undefined>>();
  const libDir = path.join(__dirname, '..', 'lib');
  const files = fs.readdirSync(libDir, { recursive: true, encoding: 'utf-8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(libDir, file), 'utf-8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const props = new Map<string, string | undefined>();
      for (const member of node.members) {
        if (!ts.isPropertySignature(member)) continue;
        const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === 'default');
        props.set(member.name.getText(source), tag === undefined ? undefined : ts.getTextOfJSDocComment(tag.comment)?.trim());
      }
      found.set(node.name.text, props);
    });
  }
  return found;
}

const docs = documentedDefaults();
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the test's point: a @default's text, evaluated as the code it documents
const evaluate = (expression: string) => new Function(...Object.keys(SCOPE), `return (${expression});`)(...Object.values(SCOPE));

describe.each(Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>)('%s', (interfaceName) => {
  const table: { [prop: string]: unknown } = DEFAULTS[interfaceName];
  const documented = docs.get(interfaceName)!;

  test('is an interface of lib/', () => {
    expect(documented).toBeDefined();
  });

  test.each(Object.keys(table))('%s: its @default is the value of the table', (prop) => {
    const text = documented.get(prop);
    expect(text).toBeDefined();
    expect(text!.startsWith('-')).toBe(false);
    expect(evaluate(text!)).toEqual(table[prop]);
  });

  test('every literal @default is in the table', () => {
    const literal = [...documented].filter(([, text]) => text !== undefined && !text.startsWith('-')).map(([prop]) => prop);
    expect(literal.sort()).toEqual(Object.keys(table).sort());
  });
});

test('every optional prop of StatefulWebProps says its default', () => {
  const undocumented = [...docs.get('StatefulWebProps')!].filter(([prop, text]) => prop !== 'image' && text === undefined);
  expect(undocumented).toEqual([]);
});
