// The two stages of lib/ in its names (CONTRIBUTING.md, "Where a check goes"): a function that
// checks what it is given takes a PropChecker and is a check* or resolve* (the first stage,
// which may also build the spec's pieces); a render* writes from values already checked and
// takes none. So a render* never hides a check, and lib/render.ts, the second stage, checks nothing.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '..', 'lib');

/** Every function and method of lib/ that has a PropChecker parameter, as `file: name`, and the render* ones among all. */
function readFunctions(): { takingChecker: string[]; renderers: string[] } {
  const takingChecker: string[] = [];
  const renderers: string[] = [];
  for (const file of fs.readdirSync(LIB, { recursive: true, encoding: 'utf-8' }).filter((f) => f.endsWith('.ts'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(LIB, file), 'utf-8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
        const name = node.name.getText(source);
        if (node.parameters.some((p) => p.type !== undefined && /\bPropChecker\b/.test(p.type.getText(source)))) {
          takingChecker.push(`${file}: ${name}`);
        }
        if (name.startsWith('render')) renderers.push(`${file}: ${name}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { takingChecker, renderers };
}

const { takingChecker, renderers } = readFunctions();

test('no render* function takes a PropChecker: rendering checks nothing', () => {
  expect(renderers.length).toBeGreaterThan(5);
  expect(takingChecker.filter((f) => /: render/.test(f))).toEqual([]);
});

test('every function that takes a PropChecker is a check*, a resolve* or a helper of one in lib/resolve.ts', () => {
  expect(takingChecker.length).toBeGreaterThan(20);
  expect(takingChecker.filter((f) => !/: (check|resolve)[A-Z]/.test(f) && !f.startsWith('resolve.ts: '))).toEqual([]);
});

test('lib/render.ts, the second stage, imports no PropChecker', () => {
  expect(fs.readFileSync(path.join(LIB, 'render.ts'), 'utf-8')).not.toMatch(/\bPropChecker\b/);
});
