// The upgrade guard for package users: ManifestApp.synth() itself refuses a breaking change to a
// StatefulSet (it throws, naming the change and the opt-outs) and leaves the output folder as it
// was; `app.allowBreakingChanges = true` or STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true let it through.
// (test/synth-script.test.ts covers the staging and the swap; this repository's `npm run synth`
// runs the same code, with its own wording.)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size } from 'cdk8s';
import { ManifestApp, StatefulWeb, StatefulWebProps } from '../lib';
import { acceptInPackage, BreakingChangesRefused } from '../lib/synth/safe-synth';
import { temporaryFolders } from './helpers';

const tempDir = temporaryFolders('package-guard-');
const ENV = 'STATEFUL_WEB_ALLOW_BREAKING_CHANGES';

/** A package user's app: one StatefulWeb, into `outdir`. */
function app(outdir: string, props: Partial<StatefulWebProps> = {}, allowBreakingChanges?: boolean): ManifestApp {
  const result = new ManifestApp({ outdir });
  result.allowBreakingChanges = allowBreakingChanges;
  new StatefulWeb(new Chart(result, 'shop', { namespace: 'shop' }), 'web', {
    image: 'nginxinc/nginx-unprivileged:1.29.1',
    replicas: 2,
    ...props,
  });
  return result;
}

/** Every file of a folder, name to text. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf-8')]),
  );
}

let saved: string | undefined;
let stderr: jest.SpyInstance;
beforeEach(() => {
  saved = process.env[ENV];
  delete process.env[ENV];
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  if (saved === undefined) delete process.env[ENV];
  else process.env[ENV] = saved;
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
  expect(message).toContain("or ManifestApp's allowBreakingChanges in code (`app.allowBreakingChanges = true` before `app.synth()`).");
  expect(snapshot(outdir)).toEqual(before);
  expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f.includes('staging'))).toEqual([]);
});

// Why claimRecommendedLabels is off by default: turning it on changes the claim templates of a
// StatefulSet that may be running, which Kubernetes refuses.
test('turning claimRecommendedLabels on for an existing output is refused as a change of the claim template', () => {
  const outdir = tempDir();
  app(outdir).synth();
  expect(() => app(outdir, { claimRecommendedLabels: true }).synth()).toThrow(
    'StatefulSet shop/web: spec.volumeClaimTemplates[data].metadata.labels changes',
  );
});

test('a change Kubernetes applies (replicas, image) is written', () => {
  const outdir = tempDir();
  app(outdir).synth();

  app(outdir, { replicas: 3, image: 'nginxinc/nginx-unprivileged:1.29.2' }).synth();

  expect(fs.readFileSync(path.join(outdir, '0-20-StatefulSet.shop.web.k8s.yaml'), 'utf-8')).toContain('replicas: 3');
  expect(stderr.mock.calls.map(([text]) => text)).toEqual([
    expect.stringMatching(/^upgrade guard: no baseline \(.*\): this synth was not checked\. .*\n$/),
    expect.stringMatching(/^upgrade guard: compared with .* \(the output already there\): no breaking change\.\n$/),
  ]);
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
    'ManifestApp: invalid allowBreakingChanges "yes": it must be true or false (default: false, unless the environment variable ' +
      `${ENV} is true).`,
  );
});

const gitMissing = spawnSync('git', ['--version']).error !== undefined;

(gitMissing ? test.skip : test)(
  'run by `cdk8s synth`, which deletes the folder first: compared with the folder as committed, and put back',
  () => {
    const repo = tempDir();
    const outdir = path.join(repo, 'dist');
    app(outdir).synth();
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'dist'],
    ]) {
      expect(spawnSync('git', args, { cwd: repo })).toMatchObject({ status: 0 });
    }
    const committed = snapshot(outdir);
    fs.rmSync(outdir, { recursive: true });

    expect(() => app(outdir, { labels: { app: 'shop' } }).synth()).toThrow(
      /compared with .*dist\/ as committed \(git HEAD\)[\s\S]*held no output \(the cdk8s CLI deletes it before it runs the app\): it is restored as committed/,
    );
    expect(snapshot(outdir)).toEqual(committed);
  },
);

describe('the lock file, beside the cdk8s.yaml of the project', () => {
  /** A project as `cdk8s init` leaves it: cdk8s.yaml, and the output folder dist/ beside it. */
  function project(): { dir: string; outdir: string; lock: string } {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');
    return { dir, outdir: path.join(dir, 'dist'), lock: path.join(dir, 'stateful-web.lock.json') };
  }
  const lines = () => stderr.mock.calls.map(([text]) => String(text));

  test('the first synth says it had no baseline, and writes the lock file to commit', () => {
    const { outdir, lock } = project();

    app(outdir).synth();

    expect(lines()).toEqual([
      expect.stringMatching(
        /^upgrade guard: no baseline \(.*dist\/ held no manifests, there was no .*stateful-web\.lock\.json, and git had no committed .*dist\/\): this synth was not checked\. To guard the next synth, commit .*stateful-web\.lock\.json, which this synth wrote\.\n$/,
      ),
    ]);
    expect(JSON.parse(fs.readFileSync(lock, 'utf-8'))).toMatchObject({ version: 1, statefulSets: [{ namespace: 'shop', name: 'web' }] });
  });

  test('with the output folder deleted (cdk8s synth does), a change is refused against the lock file, which stays as it was', () => {
    const { outdir, lock } = project();
    app(outdir).synth();
    const locked = fs.readFileSync(lock, 'utf-8');
    fs.rmSync(outdir, { recursive: true });

    expect(() => app(outdir, { storage: Size.gibibytes(2) }).synth()).toThrow(
      new RegExp(
        'compared with .*stateful-web\\.lock\\.json \\(the lock file; .*dist/ held no output\\)[\\s\\S]*' +
          'storage changes from "1Gi" to "2Gi"[\\s\\S]*held no output \\(the cdk8s CLI deletes it before it runs the app\\): nothing is written to it',
      ),
    );
    expect(fs.readFileSync(lock, 'utf-8')).toBe(locked);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('a change Kubernetes applies is compared with the lock file and passes; scaling leaves the lock file as it was', () => {
    const { outdir, lock } = project();
    app(outdir).synth();
    const locked = fs.readFileSync(lock, 'utf-8');
    fs.rmSync(outdir, { recursive: true });
    stderr.mockClear();

    app(outdir, { replicas: 5 }).synth();

    expect(lines()).toEqual([
      expect.stringMatching(
        /^upgrade guard: compared with .*stateful-web\.lock\.json \(the lock file; .*dist\/ held no output\): no breaking change\.\n$/,
      ),
    ]);
    expect(fs.readFileSync(lock, 'utf-8')).toBe(locked);
  });

  test('the lock file is deterministic: the same app writes the same bytes', () => {
    const [a, b] = [project(), project()];
    app(a.outdir).synth();
    app(b.outdir).synth();

    expect(fs.readFileSync(a.lock, 'utf-8')).toBe(fs.readFileSync(b.lock, 'utf-8'));
  });

  test('no cdk8s.yaml beside the output folder: no lock file, and the notice says how to give a baseline', () => {
    const outdir = tempDir();

    app(outdir).synth();

    expect(lines()).toEqual([
      expect.stringMatching(
        /^upgrade guard: no baseline .*To guard the next synth, commit .*, or synthesize from the folder of your cdk8s\.yaml/,
      ),
    ]);
    expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f === 'stateful-web.lock.json')).toEqual([]);
  });
});

test('a refusal left uncaught prints its message alone and exits 1: no stack trace, no dump of the error', () => {
  const outdir = tempDir();
  app(outdir).synth();
  const script = `
    const { Chart } = require('cdk8s');
    const { ManifestApp, StatefulWeb } = require('./lib');
    const app = new ManifestApp({ outdir: ${JSON.stringify(outdir)} });
    new StatefulWeb(new Chart(app, 'shop', { namespace: 'shop' }), 'web', { image: 'nginxinc/nginx-unprivileged:1.29.1', replicas: 2, serviceName: 'other' });
    app.synth();`;
  const env = { ...process.env };
  delete env[ENV];
  delete env.JSII_AGENT;

  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: path.join(__dirname, '..'),
    env,
    encoding: 'utf-8',
  });

  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^synth refused: 1 breaking change to a StatefulSet/);
  expect(run.stderr).toMatch(/before `app\.synth\(\)`\)\.\n$/);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('written:');
});

test.each([
  ['Python/3.11.2/linux', 'app.allow_breaking_changes = True'],
  ['Java/17.0.9/linux', 'app.setAllowBreakingChanges(true)'],
  ['golang/go1.26.0/linux/amd64', 'app.SetAllowBreakingChanges(jsii.Bool(true))'],
])('run from jsii (JSII_AGENT %s), the refusal names the opt-out in that language: %s', (agent, setting) => {
  expect(acceptInPackage({ JSII_AGENT: agent }).join('\n')).toContain(`(\`${setting}\` before`);
  expect(acceptInPackage({ JSII_AGENT: agent }).join('\n')).toContain(`${ENV}=true cdk8s synth`);
});

test.each([
  ['Python/3.11.2/linux', 'app.synth_and_report()'],
  ['Java/17.0.9/linux', 'app.synthAndReport()'],
  ['golang/go1.26.0/linux/amd64', 'app.SynthAndReport()'],
  ['', 'app.synthAndReport()'],
])('called from synthAndReport() (JSII_AGENT %j), the refusal names that method as the language spells it: %s', (agent, method) => {
  expect(acceptInPackage({ JSII_AGENT: agent }, 'synthAndReport').join('\n')).toMatch(
    new RegExp(`before \`${method.replace(/[.()]/g, '\\$&')}\`\\)\\.$`),
  );
});

// synthAndReport() is the main's last call in Python, Java and Go: it returns what synth() would
// print or throw, and prints and throws nothing itself.
describe('synthAndReport(): what the guard says and the exit code, returned rather than printed or thrown', () => {
  test('refused: exit code 1, the refusal message naming synthAndReport(), nothing written and nothing printed', () => {
    const outdir = tempDir();
    app(outdir).synth();
    const before = snapshot(outdir);
    stderr.mockClear();

    const report = app(outdir, { volumeName: 'content' }).synthAndReport();

    expect(report.exitCode).toBe(1);
    expect(report.files).toEqual([]);
    expect(report.message).toMatch(/^synth refused: 1 breaking change to a StatefulSet, compared with /);
    expect(report.message).toContain('spec.volumeClaimTemplates[data].metadata.name changes from "data" to "content".');
    expect(report.message).toMatch(/\(`app\.allowBreakingChanges = true` before `app\.synthAndReport\(\)`\)\.\n$/);
    expect(snapshot(outdir)).toEqual(before);
    expect(stderr).not.toHaveBeenCalled();
  });

  test('unchanged: exit code 0, the one-line notice of what it compared with, and the files written', () => {
    const outdir = tempDir();
    const files = app(outdir).synthFiles();
    stderr.mockClear();

    const report = app(outdir, { replicas: 3 }).synthAndReport();

    expect(report).toEqual({
      exitCode: 0,
      message: `upgrade guard: compared with ${path.relative(process.cwd(), outdir)}/ (the output already there): no breaking change.\n`,
      files,
    });
    expect(
      fs.readFileSync(
        path.join(
          outdir,
          files.find((f) => f.includes('StatefulSet'))!,
        ),
        'utf-8',
      ),
    ).toContain('replicas: 3');
    expect(stderr).not.toHaveBeenCalled();
  });

  test('allowed: exit code 0, and the breaking changes written as allowed', () => {
    const outdir = tempDir();
    app(outdir).synth();
    stderr.mockClear();

    const report = app(outdir, { volumeName: 'content' }, true).synthAndReport();

    expect(report.exitCode).toBe(0);
    expect(report.message).toMatch(/^synth: writing 1 breaking change, as allowed \(compared with /);
    expect(report.files.length).toBeGreaterThan(0);
    expect(stderr).not.toHaveBeenCalled();
  });

  test('a cluster that cannot be read: exit code 1 and the reason, nothing written', () => {
    const outdir = tempDir();
    process.env.KUBECTL = path.join(tempDir(), 'no-kubectl');
    try {
      const cluster = app(outdir);
      cluster.guardAgainstCluster = true;
      const report = cluster.synthAndReport();
      expect(report.exitCode).toBe(1);
      expect(report.message).toMatch(/^upgrade guard: cannot read the cluster: .*nothing is written\. Unset both .*\.\n$/);
    } finally {
      delete process.env.KUBECTL;
    }
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('any other error is thrown, as by synth()', () => {
    const broken = app(tempDir());
    new StatefulWeb(new Chart(broken, 'other', { namespace: 'shop' }), 'web', { image: 'nginxinc/nginx-unprivileged:1.29.1' });
    expect(() => broken.synthAndReport()).toThrow(/ManifestApp: /);
  });
});

describe('against the cluster (STATEFUL_WEB_GUARD_CLUSTER=true, or guardAgainstCluster)', () => {
  /** A kubectl that answers as a cluster holding `items` (StatefulSets) would, and logs its arguments. */
  function fakeKubectl(items: unknown[]): { kubectl: string; log: string } {
    const dir = tempDir();
    const log = path.join(dir, 'calls');
    fs.writeFileSync(path.join(dir, 'items.json'), JSON.stringify({ items }));
    const kubectl = path.join(dir, 'kubectl');
    fs.writeFileSync(
      kubectl,
      [
        '#!/bin/sh',
        `echo "$*" >> '${log}'`,
        'case "$1 $2" in',
        '  "config current-context") echo test-context ;;',
        '  "config view") echo "" ;;',
        `  "get statefulsets") cat '${path.join(dir, 'items.json')}' ;;`,
        '  *) echo "unexpected: $*" >&2; exit 1 ;;',
        'esac',
      ].join('\n'),
      { mode: 0o755 },
    );
    return { kubectl, log };
  }
  const running = (props: Partial<StatefulWebProps> = {}) => {
    const probe = app(tempDir(), props);
    return probe.charts.flatMap((chart) => chart.toJson()).filter((o: any) => o.kind === 'StatefulSet');
  };

  test('a change is refused against the StatefulSet in the cluster, read with get only', () => {
    const outdir = tempDir();
    const { kubectl, log } = fakeKubectl(running());
    process.env.KUBECTL = kubectl;
    try {
      const cluster = app(outdir, { storage: Size.gibibytes(2) });
      cluster.guardAgainstCluster = true;
      expect(() => cluster.synth()).toThrow(
        /compared with the cluster of kubeconfig context "test-context" \(live, read-only\)[\s\S]*storage changes from "1Gi" to "2Gi"/,
      );
    } finally {
      delete process.env.KUBECTL;
    }
    expect(
      fs
        .readFileSync(log, 'utf-8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ').slice(0, 2).join(' ')),
    ).toEqual(['config current-context', 'config view', 'get statefulsets']);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('the same StatefulSet as in the cluster passes, and the notice names the cluster', () => {
    const { kubectl } = fakeKubectl(running());
    process.env.KUBECTL = kubectl;
    process.env.STATEFUL_WEB_GUARD_CLUSTER = 'true';
    try {
      app(tempDir()).synth();
    } finally {
      delete process.env.KUBECTL;
      delete process.env.STATEFUL_WEB_GUARD_CLUSTER;
    }
    expect(stderr.mock.calls.map(([text]) => String(text))).toEqual([
      'upgrade guard: compared with the cluster of kubeconfig context "test-context" (live, read-only): no breaking change.\n',
    ]);
  });

  test('a cluster that cannot be read stops the synth with the reason: nothing is written, nothing passes', () => {
    const outdir = tempDir();
    process.env.KUBECTL = path.join(tempDir(), 'no-kubectl');
    try {
      const cluster = app(outdir);
      cluster.guardAgainstCluster = true;
      expect(() => cluster.synth()).toThrow(
        new RegExp(
          '^upgrade guard: cannot read the cluster: ".*no-kubectl" was not found \\(set KUBECTL ' +
            'to the kubectl to use\\)\\. The guard was asked to compare with the cluster of the current kubeconfig context ' +
            '\\(STATEFUL_WEB_GUARD_CLUSTER=true, or guardAgainstCluster\\); ' +
            'nothing was compared, so nothing is written\\.',
        ),
      );
    } finally {
      delete process.env.KUBECTL;
    }
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});

test('a lock file that is not one stops the synth, naming it and what it must hold', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\n');
  fs.writeFileSync(path.join(dir, 'stateful-web.lock.json'), '{"version": 2}');

  expect(() => app(path.join(dir, 'dist')).synth()).toThrow(
    'cannot read stateful-web.lock.json: it must be {"version": 1, "statefulSets": [{"name": ..., "spec": {...}}, ...]}, as synth writes it',
  );
});
