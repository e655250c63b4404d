// The upgrade guard for package users: ManifestApp.synth() itself refuses a breaking change to a
// StatefulSet (it throws, naming the change and the opt-outs) and leaves the output folder as it
// was; `app.allowBreakingChanges = true` or STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true let it through.
// (test/synth-script.test.ts covers the staging and the swap; this repository's `npm run synth`
// runs the same code, with its own wording.)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { ManifestApp, StatefulWeb, StatefulWebProps } from '../lib';
import { BreakingChangesRefused } from '../lib/synth/safe-synth';
import { temporaryFolders } from './helpers';

const tempDir = temporaryFolders('package-guard-');
const ENV = 'STATEFUL_WEB_ALLOW_BREAKING_CHANGES';

/** A package user's app: one StatefulWeb, into `outdir`. */
function app(outdir: string, props: Partial<StatefulWebProps> = {}, allowBreakingChanges?: boolean): ManifestApp {
  const result = new ManifestApp({ outdir });
  result.allowBreakingChanges = allowBreakingChanges;
  new StatefulWeb(new Chart(result, 'shop', { namespace: 'shop' }), 'web', { image: 'nginxinc/nginx-unprivileged:1.29.1', replicas: 2, ...props });
  return result;
}

/** Every file of a folder, name to text. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf-8')]));
}

let saved: string | undefined;
let stderr: jest.SpyInstance;
beforeEach(() => {
  saved = process.env[ENV];
  delete process.env[ENV];
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  if (saved === undefined) delete process.env[ENV]; else process.env[ENV] = saved;
  stderr.mockRestore();
});

test('synth() refuses a breaking change: it throws, naming the change and the opt-outs, and the folder stays as it was', () => {
  const outdir = tempDir();
  app(outdir).synth();
  const before = snapshot(outdir);

  let error: unknown;
  try {
    app(outdir, { volumeName: 'content' }).synth();
  } catch (e) {
    error = e;
  }

  expect(error).toBeInstanceOf(BreakingChangesRefused);
  const message = (error as Error).message;
  expect(message).toContain('synth refused: 1 breaking change to a StatefulSet, compared with');
  expect(message).toContain('StatefulSet shop/web: spec.volumeClaimTemplates[data].metadata.name changes from "data" to "content".');
  expect(message).toContain('is left as it was.');
  expect(message).toContain(`${ENV}=true`);
  expect(message).toContain('ManifestApp\'s `allowBreakingChanges` (`app.allowBreakingChanges = true` before `app.synth()`)');
  expect(snapshot(outdir)).toEqual(before);
  expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f.includes('staging'))).toEqual([]);
});

// Why claimRecommendedLabels is off by default: turning it on changes the claim templates of a
// StatefulSet that may be running, which Kubernetes refuses.
test('turning claimRecommendedLabels on for an existing output is refused as a change of the claim template', () => {
  const outdir = tempDir();
  app(outdir).synth();
  expect(() => app(outdir, { claimRecommendedLabels: true }).synth())
    .toThrow('StatefulSet shop/web: spec.volumeClaimTemplates[data].metadata.labels changes');
});

test('a change Kubernetes applies (replicas, image) is written', () => {
  const outdir = tempDir();
  app(outdir).synth();

  app(outdir, { replicas: 3, image: 'nginxinc/nginx-unprivileged:1.29.2' }).synth();

  expect(fs.readFileSync(path.join(outdir, '0-20-StatefulSet.shop.web.k8s.yaml'), 'utf-8')).toContain('replicas: 3');
  expect(stderr).not.toHaveBeenCalled();
});

test.each<[string, boolean | undefined, string | undefined]>([
  ['app.allowBreakingChanges = true', true, undefined],
  [`${ENV}=true`, undefined, 'true'],
  [`${ENV}=1`, undefined, '1'],
])('with %s, it is written, and said on stderr', (_name, allow, env) => {
  const outdir = tempDir();
  app(outdir).synth();
  if (env !== undefined) process.env[ENV] = env;

  app(outdir, { volumeName: 'content' }, allow).synth();

  expect(fs.readFileSync(path.join(outdir, '0-20-StatefulSet.shop.web.k8s.yaml'), 'utf-8')).toContain('name: content');
  expect(stderr.mock.calls.join('')).toContain('synth: writing 1 breaking change, as allowed');
});

test('app.allowBreakingChanges = false wins over the environment variable', () => {
  const outdir = tempDir();
  app(outdir).synth();
  process.env[ENV] = 'true';

  expect(() => app(outdir, { volumeName: 'content' }, false).synth()).toThrow(BreakingChangesRefused);
});

test('allowBreakingChanges must be a boolean (JavaScript and jsii languages call without the compiler)', () => {
  expect(() => app(tempDir(), {}, 'yes' as any)).toThrow(
    'ManifestApp: invalid allowBreakingChanges "yes": it must be true or false (default: false, unless the environment variable '
    + `${ENV} is true).`);
});

const gitMissing = spawnSync('git', ['--version']).error !== undefined;

(gitMissing ? test.skip : test)('run by `cdk8s synth`, which deletes the folder first: compared with the folder as committed, and put back', () => {
  const repo = tempDir();
  const outdir = path.join(repo, 'dist');
  app(outdir).synth();
  for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'dist']]) {
    expect(spawnSync('git', args, { cwd: repo })).toMatchObject({ status: 0 });
  }
  const committed = snapshot(outdir);
  fs.rmSync(outdir, { recursive: true });

  expect(() => app(outdir, { labels: { app: 'shop' } }).synth()).toThrow(
    /compared with .*dist\/ as committed \(git HEAD\)[\s\S]*held no output \(the cdk8s CLI deletes it before it runs the app\): it is restored as committed/);
  expect(snapshot(outdir)).toEqual(committed);
});
