// CI's comparison with the base branch (scripts/ci/compare-base.ts), in a repository made for
// each case: main with dist/ as deployed, a branch whose app changes it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { ManifestApp, StatefulWeb, StatefulWebProps } from '../lib';
import { WEB_EXAMPLE_PROPS } from '../main';
import { compareWithBase } from '../scripts/ci/compare-base';
import { temporaryFolders } from './helpers';

const tempDir = temporaryFolders('compare-base-');
const gitMissing = spawnSync('git', ['--version']).error !== undefined;

function git(cwd: string, args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf-8',
  });
  expect({ args, status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
}

const appWith = (props: Partial<StatefulWebProps>) => (outdir: string) => {
  const app = new ManifestApp({ outdir });
  new StatefulWeb(new Chart(app, 'web-example'), 'web', { ...WEB_EXAMPLE_PROPS, ...props });
  return app;
};

/** A repository whose main has dist/ of the example, and a branch `change` checked out. */
function repository(): { repo: string; dist: string } {
  const repo = tempDir();
  const dist = path.join(repo, 'dist');
  git(repo, ['init', '-q', '-b', 'main']);
  appWith({})(dist).synth();
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'main']);
  git(repo, ['checkout', '-q', '-b', 'change']);
  return { repo, dist };
}

/** The branch commits its app's output, as `npm run synth -- --allow-breaking-changes` writes it. */
function commitOnBranch(repo: string, dist: string, props: Partial<StatefulWebProps>): void {
  appWith(props)(dist)._synthesize({ allowBreakingChanges: true, env: {} });
  git(repo, ['commit', '-q', '--allow-empty', '-am', 'the change, accepted on the branch']);
}

function run(dist: string, props: Partial<StatefulWebProps>, env: { [name: string]: string }) {
  const log: string[] = [];
  const error: string[] = [];
  const status = compareWithBase({ dist, buildApp: appWith(props), env, output: { log: (m) => log.push(m), error: (m) => error.push(m) } });
  return { status, log: log.join('\n'), error: error.join('\n') };
}

(gitMissing ? describe.skip : describe)('compare with the base branch', () => {
  test("a breaking change against main's dist/ fails, though this branch committed it with --allow-breaking-changes", () => {
    const { repo, dist } = repository();
    commitOnBranch(repo, dist, { serviceName: 'nginx-peers' });

    const result = run(dist, { serviceName: 'nginx-peers' }, { CI_BASE_REF: 'main' });

    expect(result.status).toBe(1);
    expect(result.error).toMatch(/^synth refused: 1 breaking change to a StatefulSet, compared with dist\/ of main \([0-9a-f]{12}\):/);
    expect(result.error).toContain('StatefulSet web: spec.serviceName changes from "nginx" to "nginx-peers".');
    expect(result.error).toContain('STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true in CI');
  });

  test('STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true reports it and passes', () => {
    const { repo, dist } = repository();
    commitOnBranch(repo, dist, { serviceName: 'nginx-peers' });
    const result = run(dist, { serviceName: 'nginx-peers' }, { CI_BASE_REF: 'main', STATEFUL_WEB_ALLOW_BREAKING_CHANGES: 'true' });

    expect(result.status).toBe(0);
    expect(result.error).toContain('synth: writing 1 breaking change, as allowed');
  });

  test('a change Kubernetes applies passes; the committed dist/ is not touched', () => {
    const { repo, dist } = repository();
    commitOnBranch(repo, dist, { replicas: 4 });
    const before = fs.readdirSync(dist).map((f) => fs.readFileSync(path.join(dist, f), 'utf-8'));

    expect(run(dist, { replicas: 4 }, { CI_BASE_REF: 'main' })).toMatchObject({ status: 0, error: '' });
    expect(fs.readdirSync(dist).map((f) => fs.readFileSync(path.join(dist, f), 'utf-8'))).toEqual(before);
    expect(fs.readdirSync(repo).sort()).toEqual(['.git', 'dist']);
  });

  test('origin/main is the base when CI_BASE_REF is not set', () => {
    const { repo, dist } = repository();
    commitOnBranch(repo, dist, { labels: { app: 'web' } });
    git(repo, ['update-ref', 'refs/remotes/origin/main', 'main']);

    expect(run(dist, { labels: { app: 'web' } }, {})).toMatchObject({ status: 1 });
  });

  test('on main itself (CI on a clean clone of main) it is a no-op that passes', () => {
    const { repo, dist } = repository();
    git(repo, ['checkout', '-q', 'main']);
    git(repo, ['update-ref', 'refs/remotes/origin/main', 'main']);

    const result = run(dist, { serviceName: 'anything' }, {});
    expect(result).toMatchObject({ status: 0, error: '' });
    expect(result.log).toMatch(/nothing to do, HEAD is the base \(origin\/main, [0-9a-f]{12}\)/);
  });

  test('without a base ref known it is skipped, saying why', () => {
    const { repo, dist } = repository();
    commitOnBranch(repo, dist, { replicas: 4 });
    expect(run(dist, {}, {})).toMatchObject({ status: 0, log: expect.stringContaining('skipped, no base ref known') });
  });
});
