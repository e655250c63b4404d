// `npm run synth` end to end: the staging folder, the swap, the refusal of breaking changes
// (the output folder then left byte for byte as it was), the flag and the environment variable,
// and the committed output as the baseline when the folder is missing (as the cdk8s CLI leaves it).
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { ManifestApp, StatefulWeb, StatefulWebProps } from '../lib';
import { buildApp, WEB_EXAMPLE_PROPS } from '../main';
import { synthesizeInto } from '../lib/synth/safe-synth';
import { runSynth } from '../scripts/synth/synth';

const ROOT = path.join(__dirname, '..');
const EXAMPLE = WEB_EXAMPLE_PROPS;

/** What synthesizeInto runs: writes an output into the (staging) folder it is given. */
type Write = (dir: string) => void;

/** Writes main.ts's app's output (ManifestApp's, without its guard: synthesizeInto is the guard). */
const example: Write = (dir) => {
  buildApp(dir)._writeOutput(dir);
};

/** Writes the output of an app like main.ts's, with some props changed. */
function exampleWith(props: Partial<StatefulWebProps>): Write {
  return (dir) => {
    const app = new ManifestApp({ outdir: dir });
    new StatefulWeb(new Chart(app, 'web-example'), 'web', { ...EXAMPLE, ...props });
    app._writeOutput(dir);
  };
}

/**
 * Every file of a folder, name to bytes (empty when it does not exist). The bytes are held as a
 * latin1 string, one character per byte: equal strings are equal bytes, and toEqual compares
 * strings at once where it walks a Buffer index by index (~15 ms per comparison of this folder).
 */
function snapshot(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(dir, name)).toString('latin1')]),
  );
}

let parent: string;
let outdir: string;
beforeEach(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-'));
  outdir = path.join(parent, 'dist');
});
afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

// main.ts's output, synthesized once for this file (through synthesizeInto, into an empty folder,
// as the first test below does) and copied into each test's folder: a synth per test would only
// repeat it.
let exampleOutput: string;
beforeAll(() => {
  exampleOutput = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synth-test-example-')), 'dist');
  expect(synthesizeInto(exampleOutput, example).written).toBe(true);
});
afterAll(() => fs.rmSync(path.dirname(exampleOutput), { recursive: true, force: true }));

/** Seeds `outdir` with main.ts's output and returns its snapshot. */
function seedWithExample(): Record<string, string> {
  fs.cpSync(exampleOutput, outdir, { recursive: true });
  return snapshot(outdir);
}

describe('synthesizeInto', () => {
  test("writes the app's output and leaves nothing else beside it", () => {
    const result = synthesizeInto(outdir, example);

    expect(result).toMatchObject({ written: true, changes: [], baseline: undefined });
    expect(result.files).toEqual(['0-14-Service.nginx.k8s.yaml', '0-20-StatefulSet.web.k8s.yaml', 'Kustomization']);
    expect(Object.keys(snapshot(outdir))).toEqual(result.files);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('an app that throws half-way leaves the folder as it was, and no staging folder', () => {
    const seeded = seedWithExample();
    const failing: Write = (dir) => {
      fs.writeFileSync(path.join(dir, '0-14-Service.half.k8s.yaml'), 'kind: Serv');
      throw new Error('the app failed');
    };

    expect(() => synthesizeInto(outdir, failing)).toThrow('the app failed');
    expect(snapshot(outdir)).toEqual(seeded);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a breaking change is refused: the folder stays byte for byte as it was', () => {
    const seeded = seedWithExample();

    const result = synthesizeInto(outdir, exampleWith({ serviceName: 'nginx2' }));

    expect(result.written).toBe(false);
    expect(result.changes.map((c) => `${c.object} ${c.field}`)).toEqual(['StatefulSet web spec.serviceName']);
    expect(result.baseline).toContain('the output already there');
    expect(snapshot(outdir)).toEqual(seeded);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('allowed, a breaking change is written, and reported', () => {
    seedWithExample();

    const result = synthesizeInto(outdir, exampleWith({ serviceName: 'nginx2' }), { allowBreakingChanges: true });

    expect(result.written).toBe(true);
    expect(result.changes).toHaveLength(1);
    expect(Object.keys(snapshot(outdir))).toEqual(['0-14-Service.nginx2.k8s.yaml', '0-20-StatefulSet.web.k8s.yaml', 'Kustomization']);
  });

  test('an allowed change (replicas) is written; the whole folder is replaced, other files included', () => {
    seedWithExample();
    fs.writeFileSync(path.join(outdir, 'stale.k8s.yaml'), 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: stale\n');
    const withKustomization: Write = (dir) => {
      exampleWith({ replicas: 5 })(dir);
      fs.writeFileSync(path.join(dir, 'Kustomization'), 'resources: []\n');
    };

    const result = synthesizeInto(outdir, withKustomization);

    expect(result).toMatchObject({ written: true, changes: [] });
    expect(Object.keys(snapshot(outdir))).toEqual(['0-14-Service.nginx.k8s.yaml', '0-20-StatefulSet.web.k8s.yaml', 'Kustomization']);
    expect(fs.readFileSync(path.join(outdir, '0-20-StatefulSet.web.k8s.yaml'), 'utf-8')).toContain('replicas: 5');
  });

  test('only *.k8s.yaml files are compared: other files may change freely', () => {
    seedWithExample();
    fs.writeFileSync(path.join(outdir, 'Kustomization'), 'not: [kubernetes, objects\n');

    expect(synthesizeInto(outdir, example)).toMatchObject({ written: true, changes: [] });
  });

  test('an unreadable previous manifest stops the synth, unless breaking changes are allowed', () => {
    seedWithExample();
    fs.writeFileSync(path.join(outdir, '0002-Broken.x.k8s.yaml'), 'kind: [unclosed\n');
    const seeded = snapshot(outdir);

    expect(() => synthesizeInto(outdir, example)).toThrow(/cannot read 0002-Broken\.x\.k8s\.yaml/);
    expect(snapshot(outdir)).toEqual(seeded);
    expect(synthesizeInto(outdir, example, { allowBreakingChanges: true }).written).toBe(true);
  });
});

const git = (args: string[]) =>
  spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: parent,
    encoding: 'utf-8',
  });
const gitMissing = spawnSync('git', ['--version']).error !== undefined;

(gitMissing ? describe.skip : describe)('when the folder is missing (the cdk8s CLI deletes it): the committed output', () => {
  let committed: Record<string, string>;
  beforeEach(() => {
    committed = seedWithExample();
    fs.writeFileSync(path.join(outdir, 'Kustomization'), 'resources: []\n');
    committed = snapshot(outdir);
    for (const args of [
      ['init', '-q'],
      ['add', 'dist'],
      ['commit', '-q', '-m', 'dist'],
    ]) {
      expect(git(args)).toMatchObject({ status: 0 });
    }
    fs.rmSync(outdir, { recursive: true });
  });

  test('is the baseline, and a refused synth puts it back in place', () => {
    const result = synthesizeInto(outdir, exampleWith({ volumeName: 'data' }), { display: 'dist' });

    expect(result).toMatchObject({ written: false, restoredFromGit: true });
    expect(result.baseline).toBe('dist/ as committed (git HEAD), because dist/ was missing or empty');
    expect(result.changes[0].consequence).toContain('the claims www-web-0..www-web-1 would be orphaned');
    expect(snapshot(outdir)).toEqual(committed);
  });

  test('an unchanged app writes its output', () => {
    const result = synthesizeInto(outdir, example);

    expect(result).toMatchObject({ written: true, changes: [] });
    expect(result.baseline).toContain('git HEAD');
  });

  test('without git comparison, nothing to compare with', () => {
    expect(synthesizeInto(outdir, exampleWith({ volumeName: 'data' }), { compareWithGit: false })).toMatchObject({
      written: true,
      baseline: undefined,
    });
  });
});

describe('scripts/synth/synth.ts (npm run synth)', () => {
  /** runSynth, the command's whole body, in this process: its exit code and what it printed. */
  function runInProcess(argv: string[], env: { [name: string]: string } = {}) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const status = runSynth(argv, env, { log: (m) => stdout.push(m), error: (m) => stderr.push(m) });
    return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  /** The script as its own process, as `npm run synth -- <args>` starts it. */
  function runScript(args: string[]): SpawnSyncReturns<string> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    delete childEnv.CDK8S_OUTDIR;
    delete childEnv.STATEFUL_WEB_ALLOW_BREAKING_CHANGES;
    return spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'scripts', 'synth', 'synth.ts'), ...args], {
      cwd: ROOT,
      env: childEnv,
      encoding: 'utf-8',
    });
  }

  /** The example's output with the StatefulSet's serviceName as it was in an older version. */
  function seedWithOlderServiceName(): Record<string, string> {
    seedWithExample();
    const file = path.join(outdir, '0-20-StatefulSet.web.k8s.yaml');
    const text = fs.readFileSync(file, 'utf-8');
    expect(text).toContain('\n  serviceName: nginx\n');
    fs.writeFileSync(file, text.replace('\n  serviceName: nginx\n', '\n  serviceName: nginx-old\n'));
    return snapshot(outdir);
  }

  // The cases run in this process through runSynth, the script's whole body but for one line:
  // `process.exitCode = runSynth(process.argv.slice(2), process.env)`. Two runs as a process prove
  // that line (a process costs ~0.3 s with the app, more than all the other cases): the last case
  // here, a mistyped argument (the command line in; exit code 2 and stderr out), and
  // test/determinism.test.ts, a synth as the cdk8s CLI starts it (CDK8S_OUTDIR in; exit code 0
  // and the files out). CI runs it as `npm run synth` and `npx cdk8s synth` too (see .ci/run).
  test('refuses a breaking change with exit code 1 and a message, and leaves the folder as it was', () => {
    const seeded = seedWithOlderServiceName();

    const run = runInProcess(['--outdir', outdir]);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('synth refused: 1 breaking change to a StatefulSet, compared with');
    expect(run.stderr).toContain('StatefulSet web: spec.serviceName changes from "nginx-old" to "nginx".');
    expect(run.stderr).toContain('On the cluster: Kubernetes refuses the update');
    expect(run.stderr).toContain('To migrate: delete the StatefulSet but not its pods and claims');
    expect(run.stderr).toContain('is left as it was');
    expect(run.stderr).toContain('npm run synth -- --allow-breaking-changes');
    expect(run.stderr).toContain('STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true');
    expect(run.stdout).toBe('');
    expect(snapshot(outdir)).toEqual(seeded);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test.each<[string, string[], { [name: string]: string }]>([
    ['--allow-breaking-changes', ['--allow-breaking-changes'], {}],
    ['STATEFUL_WEB_ALLOW_BREAKING_CHANGES=true', [], { STATEFUL_WEB_ALLOW_BREAKING_CHANGES: 'true' }],
  ])('writes it with %s', (_name, args, env) => {
    seedWithOlderServiceName();
    const fresh = path.join(parent, 'fresh');
    synthesizeInto(fresh, example);

    const run = runInProcess([`--outdir=${outdir}`, ...args], env);

    expect(run.status).toBe(0);
    expect(run.stderr).toContain('synth: writing 1 breaking change, as allowed');
    expect(run.stdout).toContain('0-20-StatefulSet.web.k8s.yaml');
    expect(snapshot(outdir)).toEqual(snapshot(fresh));
  });

  test('rejects an unknown argument', () => {
    const run = runInProcess(['--allow-breaking-change']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown argument "--allow-breaking-change"');
    expect(run.stderr).toContain('usage: ');
  });

  test('as its own process: a mistyped argument exits 2, with the message and the usage on stderr', () => {
    const run = runScript(['--outdir', outdir, '--allow-breaking-change']);

    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `unknown argument "--allow-breaking-change"\nusage: node --require tsx/cjs scripts/synth/synth.ts [--outdir <dir>] [--allow-breaking-changes]\n`,
    );
    expect(run.stdout).toBe('');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
