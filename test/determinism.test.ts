import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

// Synthesis is deterministic: the app, synthesized by its own process the way the cdk8s CLI runs
// it (cdk8s.yaml: `node --require tsx/cjs scripts/synth/synth.ts`, the output folder in CDK8S_OUTDIR),
// writes the same file names with the same bytes whatever the working directory, time zone and
// locale, and those are the bytes committed in dist/.
//
// One run is enough, in an environment as unlike the usual as can be: another folder, a time zone
// with a 45-minute offset, and Turkish. Its output must equal, byte for byte, dist/ as committed,
// which a run in the repository wrote, in its author's time zone and locale; and CI synthesizes
// dist/ again in its own environment and fails if one byte differs (see .ci/run). So two other
// environments already agree with the committed bytes: a second run here, in the repository with
// TZ=UTC and LANG=C, would prove nothing more, and a process costs ~0.3 s, more than most test files.
//
// This run is also the synth script's end-to-end test as a process, started as the cdk8s CLI
// starts it (test/synth-script.test.ts runs its other cases in-process): CDK8S_OUTDIR reaches it,
// it writes through its staging folder, and it exits 0 saying nothing (the CLI lists the files).

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const tsx = require.resolve('tsx/cjs'); // absolute: the run is outside the repository

/** File name → bytes, of every file in a folder. */
function contents(folder: string): Map<string, Buffer> {
  return new Map(
    fs
      .readdirSync(folder)
      .sort()
      .map((file) => [file, fs.readFileSync(path.join(folder, file))]),
  );
}

describe('a synth of the app', () => {
  let parent: string;
  beforeAll(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'stateful-web-determinism-'));
  });
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  test('in another folder, time zone and locale gives the bytes committed in dist/ and stateful-web.lock.json', async () => {
    const outdir = path.join(parent, 'dist');
    // A project's folder, where the synth writes the upgrade guard's lock file beside cdk8s.yaml.
    fs.copyFileSync(path.join(root, 'cdk8s.yaml'), path.join(parent, 'cdk8s.yaml'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CDK8S_OUTDIR: outdir,
      // UTC+12:45/+13:45, and Turkish, whose dotted and dotless i break locale-sensitive code.
      TZ: 'Pacific/Chatham',
      LANG: 'tr_TR.UTF-8',
      LC_ALL: 'tr_TR.UTF-8',
    };
    delete env.STATEFUL_WEB_ALLOW_BREAKING_CHANGES;
    // execFile fails unless the exit code is 0.
    const run = await promisify(execFile)(process.execPath, ['--require', tsx, path.join(root, 'scripts', 'synth', 'synth.ts')], {
      cwd: parent,
      env,
      encoding: 'utf-8',
    });
    const committed = contents(dist);
    const fresh = contents(outdir);

    expect(run).toEqual({
      stdout: '',
      stderr: expect.stringMatching(/^upgrade guard: no baseline \(.*\): this synth was not checked\. [^\n]*\n$/),
    });
    expect(fs.readdirSync(parent).sort()).toEqual(['cdk8s.yaml', 'dist', 'stateful-web.lock.json']); // no staging folder left
    expect(
      fs.readFileSync(path.join(parent, 'stateful-web.lock.json')).equals(fs.readFileSync(path.join(root, 'stateful-web.lock.json'))),
    ).toBe(true);
    expect(committed.size).toBeGreaterThan(0);
    expect([...fresh.keys()]).toEqual([...committed.keys()]);
    for (const [file, bytes] of fresh) {
      // Compared as text first for a readable diff, then as bytes (line endings, encoding).
      expect(`${file}:\n${bytes.toString('utf-8')}`).toEqual(`${file}:\n${committed.get(file)!.toString('utf-8')}`);
      expect(bytes.equals(committed.get(file)!)).toBe(true);
    }
  }, 60_000);
});
