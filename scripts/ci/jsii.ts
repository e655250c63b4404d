// `npm run jsii`: compiles the library with the jsii compiler, which enforces the rules that let
// it be published for Python, Java, Go and .NET (no unions, no `any` in the public API,
// readonly structs, enums...), and writes API.md with jsii-docgen from the assembly.
// `npm run jsii -- --check` (CI) writes nothing, and fails if API.md differs from a fresh one.
// The compile itself (a temporary folder with a jsii package.json) is in scripts/package/jsii-workspace.ts;
// `npm run package` (scripts/package.ts) builds the packages for other languages from it.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bin, compileWithJsii, jsiiEnv, root } from '../package/jsii-workspace';

const check = process.argv.includes('--check');
const API_MD = path.join(root, 'API.md');

let work: string | undefined;
try {
  work = compileWithJsii();
  console.log('== jsii: API.md from the assembly (jsii-docgen)');
  execFileSync(bin('jsii-docgen'), ['-l', 'typescript', '-o', 'API.md'], { cwd: work, stdio: 'inherit', env: jsiiEnv() });
  const fresh = fs.readFileSync(path.join(work, 'API.md'), 'utf-8');
  if (!check) {
    fs.writeFileSync(API_MD, fresh);
    console.log('wrote API.md');
  } else if (!fs.existsSync(API_MD) || fs.readFileSync(API_MD, 'utf-8') !== fresh) {
    console.error('API.md is not the API reference of the code: run `npm run jsii` and commit API.md.');
    process.exitCode = 1;
  } else {
    console.log('API.md matches the code.');
  }
} catch (error) {
  // jsii and jsii-docgen have printed their errors already (stdio: 'inherit').
  console.error(error instanceof Error ? error.message.split('\n')[0] : error);
  process.exitCode = 1;
} finally {
  if (work) fs.rmSync(work, { recursive: true, force: true });
}
